import Foundation

/// SIGWINCH (the window changed size) and SIGCONT (the process was resumed
/// and the screen may be stale), turned into a byte on a pipe, so the input
/// loop can sleep in `poll(2)` and still notice them (the self-pipe trick).
enum TerminalSignals {
    static let signals: [Int32] = [SIGWINCH, SIGCONT]
    static let pipe = WakePipe()

    /// Installs the handlers (replacing ncurses' SIGWINCH handler).
    static func install() {
        _ = pipe  // created here, not lazily inside a signal handler
        for s in signals { signal(s) { _ in TerminalSignals.pipe.wake() } }
    }

    /// Puts the default dispositions back.
    static func uninstall() {
        for s in signals { signal(s, SIG_DFL) }
    }
}
