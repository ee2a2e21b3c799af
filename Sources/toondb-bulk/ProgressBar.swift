import Foundation

/// A progress line on a terminal's stderr: a bar, the rate and the time
/// left. Exists only when stderr is a terminal, so piped runs stay silent.
final class ProgressBar: @unchecked Sendable {
    private let label: String
    private let start = Date()
    private var lastDraw = Date.distantPast

    /// A bar, or nil when stderr is not a terminal.
    init?(label: String) {
        guard isatty(2) == 1 else { return nil }
        self.label = label
    }

    /// Redraws (at most ten times a second) for `done` of `total`.
    func update(_ done: Int, of total: Int) {
        let now = Date()
        guard done == total || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        let elapsed = max(now.timeIntervalSince(start), 1e-6)
        let rate = Double(done) / elapsed
        let fraction = total > 0 ? Double(done) / Double(total) : 1
        let width = 30
        let filled = Int(fraction * Double(width))
        let eta = rate > 0 ? Double(total - done) / rate : 0
        let line = "\r\(label) [" + String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled) +
            "] \(Int(fraction * 100))% \(done)/\(total)  \(Int(rate)) vec/s  ETA \(Int(eta.rounded()))s "
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// Ends the line.
    func finish() { FileHandle.standardError.write(Data("\n".utf8)) }
}
