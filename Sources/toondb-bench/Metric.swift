import Foundation

/// One figure of the report; each engine measures those that apply to it.
enum Metric: CaseIterable {
    case putsNormal, putsFull, putsFullConcurrent
    case getsMemtable, getsSegments, scan
    case listRoot, listChild
    case reopen, diskBytes

    /// The row's name in the table.
    func label(_ plan: Plan) -> String {
        switch self {
        case .putsNormal: "puts, sync normal, 1 writer (\(plan.keys) keys)"
        case .putsFull: "puts, sync full, 1 writer (\(plan.fullKeys) keys)"
        case .putsFullConcurrent: "puts, sync full, \(plan.writers) writers (\(plan.fullKeys) keys)"
        case .getsMemtable: "random gets, from the memtable"
        case .getsSegments: "random gets, after checkpoint (segment files / db file)"
        case .scan: "full scan, after checkpoint"
        case .listRoot: "listChildren \"tree/\" (\(plan.fanout) of \(plan.treeKeys) keys)"
        case .listChild: "listChildren \"tree/\(plan.listedChild)/\" (\(plan.listedChildCount) children)"
        case .reopen: "reopen after close: open + first get"
        case .diskBytes: "bytes on disk after the \(plan.keys)-key load"
        }
    }

    var unit: String {
        switch self {
        case .putsNormal, .putsFull, .putsFullConcurrent: "puts/s"
        case .getsMemtable, .getsSegments: "gets/s"
        case .scan: "keys/s"
        case .listRoot, .listChild, .reopen: "ms"
        case .diskBytes: "MiB"
        }
    }

    /// A measured value (rates per second, times in seconds, sizes in bytes) in the row's unit.
    func format(_ value: Double) -> String {
        switch self {
        case .listRoot, .listChild, .reopen: fixed(value * 1000, decimals: 2)
        case .diskBytes: fixed(value / 1_048_576, decimals: 1)
        default: groupedDigits(Int(value.rounded()))
        }
    }

    private func fixed(_ x: Double, decimals: Int) -> String { String(format: "%.\(decimals)f", x) }

}

/// The figures one engine measured, by metric (rates per second, times in seconds, sizes in bytes).
typealias Figures = [Metric: Double]
