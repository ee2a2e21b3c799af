@preconcurrency import CNcursesw
import Foundation
import ToonDB

/// The only code that calls ncurses: it starts and ends the full-screen
/// mode, copies a ``Screen`` to the terminal with the ``Theme``'s colours,
/// and turns what the terminal sends into ``InputEvent``s.
package final class Terminal: @unchecked Sendable {
    private var screenPointer: OpaquePointer?
    private var pairs: [Style: Int32] = [:]
    private var nextPair: Int32 = 1
    private var theme: Theme
    private var errors = 0
    /// The colours the terminal shows.
    package private(set) var depth: Color.Depth = .none

    /// Starts full-screen mode on the controlling terminal; throws when TERM
    /// is unknown or the output is not a terminal.
    package init(theme: Theme) throws {
        self.theme = theme
        guard isatty(1) != 0, isatty(0) != 0 else {
            throw ToonDBError(.invalidArgument, "the explorer needs a terminal on standard input and output",
                              remediation: "run it in a terminal, or use toondb shell / toondb sql for scripts")
        }
        if setlocale(LC_ALL, "") == nil || String(cString: nl_langinfo(nl_item(CODESET))) != "UTF-8" {
            setlocale(LC_ALL, "C.UTF-8")
        }
        guard let s = newterm(nil, stdout, stdin) else {
            let term = ProcessInfo.processInfo.environment["TERM"] ?? "(unset)"
            throw ToonDBError(.invalidArgument, "cannot open the terminal: TERM=\(term) is unknown to terminfo",
                              remediation: "set TERM to a known type such as xterm-256color")
        }
        screenPointer = s
        set_term(s)
        ESCDELAY = 25
        raw()
        noecho()
        nonl()
        keypad(stdscr, true)
        // Never block in ncurses: `read` sleeps in poll(2) instead.
        wtimeout(stdscr, 0)
        TerminalSignals.install()
        if has_colors() {
            start_color()
            use_default_colors()
            let n = Int(COLORS)
            depth = n >= 16_777_216 ? .trueColor : n >= 256 ? .indexed256 : n >= 16 ? .ansi16 : n >= 8 ? .ansi8 : .none
        }
        self.theme = theme.downgraded(to: depth)
        setMouse(true)
        curs_set(0)
    }

    /// Ends full-screen mode; the terminal is as it was.
    package func close() {
        guard screenPointer != nil else { return }
        TerminalSignals.uninstall()
        endwin()
        delscreen(screenPointer)
        screenPointer = nil
    }

    deinit { close() }

    /// Switches the theme (colours brought down to the terminal's depth).
    package func setTheme(_ t: Theme) {
        theme = t.downgraded(to: depth)
        pairs = [:]
        nextPair = 1
    }

    /// Turns mouse reporting on or off.
    package func setMouse(_ on: Bool) {
        var old: mmask_t = 0
        let mask = on ? (toondb_all_mouse_events() | toondb_button4_pressed() | toondb_button5_pressed()) : 0
        mousemask(mask, &old)
        mouseinterval(on ? 200 : 0)
    }

    /// The terminal's size.
    package var size: (width: Int, height: Int) { (Int(getmaxx(stdscr)), Int(getmaxy(stdscr))) }

    private func colourNumber(_ c: Color) -> Int32 {
        switch c {
        case .default: return -1
        case .ansi(let i): return Int32(i)
        case .indexed(let i): return Int32(i)
        case .rgb(let r, let g, let b): return Int32(r) << 16 | Int32(g) << 8 | Int32(b)
        }
    }

    private func pair(for style: Style) -> Int32 {
        guard depth != .none else { return 0 }
        let key = Style(fg: style.fg, bg: style.bg)
        if key.fg == .default && key.bg == .default { return 0 }
        if let p = pairs[key] { return p }
        guard nextPair < Int32(COLOR_PAIRS) else { return 0 }
        let p = nextPair
        nextPair += 1
        init_extended_pair(p, colourNumber(key.fg), colourNumber(key.bg))
        pairs[key] = p
        return p
    }

    private func attributes(_ m: Style.Modifiers) -> attr_t {
        var a = toondb_a_normal()
        if m.contains(.bold) { a |= toondb_a_bold() }
        if m.contains(.dim) { a |= toondb_a_dim() }
        if m.contains(.italic) { a |= toondb_a_italic() }
        if m.contains(.underline) { a |= toondb_a_underline() }
        if m.contains(.reverse) { a |= toondb_a_reverse() }
        return a
    }

    /// Copies `screen` to the terminal.
    package func draw(_ screen: Screen) {
        let base = theme.style(.background)
        for y in 0..<screen.height {
            for x in 0..<screen.width {
                let cell = screen[x, y]
                if cell.isContinuation { continue }
                var style = theme.style(cell.style).over(base)
                if let sel = cell.selected { style = theme.style(sel).overriding(style) }
                var pairNumber = pair(for: style)
                var cc = cchar_t()
                var wide: [wchar_t] = cell.text.unicodeScalars.map { wchar_t(bitPattern: $0.value) } + [0]
                if wide.count == 1 { wide = [32, 0] }
                if wide.count > 6 { wide = Array(wide.prefix(5)) + [0] }
                setcchar(&cc, wide, attributes(style.modifiers), 0, &pairNumber)
                mvwadd_wch(stdscr, Int32(y), Int32(x), &cc)
            }
        }
        if let c = screen.cursor {
            curs_set(1)
            wmove(stdscr, Int32(c.y), Int32(c.x))
        } else {
            curs_set(0)
        }
        wrefresh(stdscr)
    }

    /// The next input event. Sleeps in `poll(2)` on standard input, the
    /// signal pipe (SIGWINCH, SIGCONT: a `.resize`) and `wake`, using no CPU
    /// until one of them is ready; a byte on `wake` or the end of `timeout`
    /// (nil: none) gives `.tick`. Whoever writes to `wake` also drains it.
    package func read(timeout: Duration? = nil, wake: Int32? = nil) -> InputEvent {
        let deadline = timeout.map { ContinuousClock.now + $0 }
        var stdinReady = false
        while true {
            var ch: wint_t = 0
            let r = wget_wch(stdscr, &ch)
            if r != ERR {
                errors = 0
                return event(r, ch)
            }
            if stdinReady {
                // Readable yet nothing to read: standard input is gone (EOF or hang-up).
                errors += 1
                if errors > 50 { return .endOfInput }
            }
            var fds = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: TerminalSignals.pipe.readEnd, events: Int16(POLLIN), revents: 0)]
            if let wake { fds.append(pollfd(fd: wake, events: Int16(POLLIN), revents: 0)) }
            let n = poll(&fds, nfds_t(fds.count), deadline.map(Self.milliseconds(until:)) ?? -1)
            if n < 0 {
                if errno == EINTR { continue }
                return .endOfInput
            }
            if n == 0 { return .tick }
            if fds[1].revents != 0 {
                TerminalSignals.pipe.drain()
                return resized()
            }
            if fds.count > 2, fds[2].revents != 0 { return .tick }
            stdinReady = fds[0].revents != 0
        }
    }

    /// Milliseconds from now to `deadline` for poll(2), rounded up, never negative.
    private static func milliseconds(until deadline: ContinuousClock.Instant) -> Int32 {
        let left = ContinuousClock.now.duration(to: deadline).components
        guard left.seconds >= 0 else { return 0 }
        return Int32(clamping: left.seconds * 1000 + (left.attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
    }

    /// Takes the terminal's new size and repaints everything at the next draw.
    private func resized() -> InputEvent {
        var rows: Int32 = 0, cols: Int32 = 0
        if toondb_window_size(1, &rows, &cols) == 0 { resizeterm(rows, cols) }
        clearok(stdscr, true)
        return .resize(width: size.width, height: size.height)
    }

    /// The event of what `wget_wch` returned.
    private func event(_ r: Int32, _ ch: wint_t) -> InputEvent {
        if r == KEY_CODE_YES { return functionKey(Int32(ch)) }
        let c = Int32(ch)
        switch c {
        case 27:
            // Alt-Enter arrives as Esc then Enter.
            var next: wint_t = 0
            let r2 = wget_wch(stdscr, &next)
            if r2 == OK, next == 13 || next == 10 { return .key(.altEnter) }
            // Alt-1…9 arrives as Esc then the digit.
            if r2 == OK, next >= 0x31, next <= 0x39 { return .key(.alt(Character(UnicodeScalar(UInt8(next))))) }
            if r2 == OK { ungetch(Int32(next)) }
            return .key(.escape)
        case 9: return .key(.tab)
        case 10, 13: return .key(.enter)
        case 127, 8: return .key(.backspace)
        case 1...26: return .key(.ctrl(Character(UnicodeScalar(UInt8(c) + 96))))
        default:
            guard let u = UnicodeScalar(UInt32(c)) else { return .tick }
            return .key(.char(Character(u)))
        }
    }

    private func functionKey(_ k: Int32) -> InputEvent {
        switch k {
        case KEY_UP: return .key(.up)
        case KEY_DOWN: return .key(.down)
        case KEY_LEFT: return .key(.left)
        case KEY_RIGHT: return .key(.right)
        case KEY_HOME: return .key(.home)
        case KEY_END: return .key(.end)
        case KEY_PPAGE: return .key(.pageUp)
        case KEY_NPAGE: return .key(.pageDown)
        case KEY_BTAB: return .key(.backTab)
        case KEY_BACKSPACE: return .key(.backspace)
        case KEY_DC: return .key(.delete)
        case KEY_ENTER: return .key(.enter)
        case KEY_RESIZE: return .resize(width: size.width, height: size.height)
        case KEY_MOUSE:
            var e = MEVENT()
            guard getmouse(&e) == OK else { return .tick }
            let x = Int(e.x), y = Int(e.y)
            if e.bstate & toondb_button4_pressed() != 0 { return .wheel(x: x, y: y, delta: -1) }
            if toondb_button5_pressed() != 0, e.bstate & toondb_button5_pressed() != 0 { return .wheel(x: x, y: y, delta: 1) }
            if e.bstate & toondb_button1_double_clicked() != 0 { return .click(x: x, y: y, double: true) }
            if e.bstate & (toondb_button1_clicked() | toondb_button1_pressed() | toondb_button1_released()) != 0 {
                return .click(x: x, y: y, double: false)
            }
            return .tick
        default:
            for n in 1...12 where k == toondb_key_f(Int32(n)) { return .key(.function(n)) }
            return .tick
        }
    }

    /// Sends text to the system clipboard through OSC 52 (the terminal, even over ssh, puts it there).
    package func copy(_ text: String) {
        let b64 = Data(text.utf8).base64EncodedString()
        toondb_write_raw("\u{1B}]52;c;\(b64)\u{07}")
    }

    /// Leaves full-screen mode, runs `body` (an editor), and comes back.
    package func suspended<T>(_ body: () -> T) -> T {
        def_prog_mode()
        endwin()
        let r = body()
        reset_prog_mode()
        // The editor drew over everything: the next refresh repaints the whole screen.
        clearok(stdscr, true)
        wrefresh(stdscr)
        return r
    }
}

extension Style {
    /// The selection style laid over a cell's style: its colours where it sets them.
    func overriding(_ base: Style) -> Style {
        Style(fg: fg == .default ? base.fg : fg, bg: bg == .default ? base.bg : bg, modifiers: modifiers.union(base.modifiers))
    }
}
