import Foundation

/// A progress line on standard error (`toondb import`/`export`, `toondb-bulk
/// build-index`): a bar (when the total is known), the count, the rate and the
/// time left. Made only when standard error is a terminal, so piped runs stay silent.
public final class ProgressBar: @unchecked Sendable {
    private let label: String
    private let items: String
    private let rateUnit: String
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var drawn = false

    /// A bar, or nil when standard error is not a terminal. `items` names what is
    /// counted when the total is unknown ("records"), `rateUnit` the rate ("rec": `rec/s`).
    public init?(label: String, items: String = "records", rateUnit: String = "rec") {
        guard isatty(2) == 1 else { return nil }
        self.label = label
        self.items = items
        self.rateUnit = rateUnit
    }

    /// Redraws (at most ten times a second) for `done` of `total` (nil: unknown) items.
    public func update(_ done: Int, of total: Int?) {
        let now = Date()
        guard done == total || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        drawn = true
        let rate = Double(done) / max(now.timeIntervalSince(start), 1e-6)
        var line = "\r\(label) "
        if let total {
            let fraction = total > 0 ? Double(done) / Double(total) : 1
            let width = 30, filled = Int(fraction * Double(width))
            let eta = rate > 0 ? Double(total - done) / rate : 0
            line += "[" + String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled) +
                "] \(Int(fraction * 100))% \(done)/\(total)  \(Int(rate)) \(rateUnit)/s  ETA \(Int(eta.rounded()))s "
        } else {
            line += "\(done) \(items)  \(Int(rate)) \(rateUnit)/s "
        }
        Stdio.write(Array(line.utf8), to: .error)
    }

    /// Ends the line, if one was drawn.
    public func finish() { if drawn { Stdio.write(Array("\n".utf8), to: .error) } }
}
