import Foundation
import ToonCore

/// A progress line on standard error (`toondb import`/`export`, `toondb-bulk
/// build-index`): a bar (when the total is known), the count, the rate and the
/// time left. Made only when standard error is a terminal, so piped runs stay silent.
package final class ProgressBar: @unchecked Sendable {
    private let label: String
    private let items: String
    private let rateUnit: String
    private let start = ContinuousClock.now
    private var lastDraw: ContinuousClock.Instant?
    private var drawn = false
    /// The stream figures given last, while they wait for their turn to be drawn.
    private var latest: (bytes: Int, total: Int?, count: Int)?

    /// A bar, or nil when standard error is not a terminal. `items` names what is
    /// counted when the total is unknown ("records"), `rateUnit` the rate ("rec": `rec/s`).
    package init?(label: String, items: String = "records", rateUnit: String = "rec") {
        guard isatty(2) == 1 else { return nil }
        self.label = label
        self.items = items
        self.rateUnit = rateUnit
    }

    /// Redraws (at most ten times a second) for `done` of `total` (nil: unknown) items.
    package func update(_ done: Int, of total: Int?) {
        guard let now = due(final: done == total) else { return }
        let rate = Double(done) / max((now - start).inSeconds, 1e-6)
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

    /// Redraws (at most ten times a second) for an input read as a stream:
    /// the bar and the time left follow `bytes` of `totalBytes` (nil: unknown,
    /// no bar), and the line shows the `items` counted and both rates,
    /// items and megabytes (10^6 bytes) a second.
    package func update(bytes: Int, of totalBytes: Int?, items count: Int) {
        latest = (bytes, totalBytes, count)
        guard let now = due(final: bytes == totalBytes) else { return }
        latest = nil
        let seconds = max((now - start).inSeconds, 1e-6)
        let rate = Double(count) / seconds, byteRate = Double(bytes) / seconds
        var line = "\r\(label) "
        if let totalBytes {
            let fraction = totalBytes > 0 ? min(Double(bytes) / Double(totalBytes), 1) : 1
            let width = 30, filled = Int(fraction * Double(width))
            let eta = byteRate > 0 ? Double(totalBytes - bytes) / byteRate : 0
            line += "[" + String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled) +
                "] \(Int(fraction * 100))% \(Self.megabytes(Double(bytes)))/\(Self.megabytes(Double(totalBytes))) MB  "
            line += "\(count) \(items)  \(Int(rate)) \(rateUnit)/s  \(Self.megabytes(byteRate)) MB/s  ETA \(Int(eta.rounded()))s "
        } else {
            line += "\(count) \(items)  \(Self.megabytes(Double(bytes))) MB  \(Int(rate)) \(rateUnit)/s  \(Self.megabytes(byteRate)) MB/s "
        }
        Stdio.write(Array(line.utf8), to: .error)
    }

    /// The time to draw at, or nil when the last drawing was less than a tenth of a second ago (unless `final`).
    private func due(final: Bool) -> ContinuousClock.Instant? {
        let now = ContinuousClock.now
        guard final || lastDraw.map({ now - $0 >= .milliseconds(100) }) ?? true else { return nil }
        lastDraw = now
        drawn = true
        return now
    }

    /// Bytes as megabytes with one decimal.
    private static func megabytes(_ bytes: Double) -> String {
        String(format: "%.1f", bytes / 1_000_000)
    }

    /// Ends the line, if one was drawn, after drawing the latest stream
    /// figures if they were not drawn yet.
    package func finish() {
        if let (bytes, total, count) = latest {
            lastDraw = nil
            update(bytes: bytes, of: total, items: count)
        }
        if drawn { Stdio.write(Array("\n".utf8), to: .error) }
    }
}
