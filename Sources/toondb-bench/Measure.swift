import Foundation
import Synchronization
import ToonCore

/// Timing on a monotonic clock, medians of repeated runs, and writer threads.
enum Measure {
    /// Seconds `body` takes, on the monotonic clock.
    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// Operations per second of `body`, which performs `count` operations.
    static func rate(_ count: Int, _ body: () throws -> Void) rethrows -> Double {
        Double(count) / (try seconds(body))
    }

    /// The median of `values` (not empty).
    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted(), mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }

    /// The median of `runs` results of `body`.
    static func median(_ runs: Int, _ body: () throws -> Double) rethrows -> Double {
        var results: [Double] = []
        for _ in 0..<max(1, runs) { results.append(try body()) }
        return median(results)
    }

    /// Each metric's median over the passes that measured it.
    static func median(_ passes: [Figures]) -> Figures {
        var out = Figures()
        for m in Metric.allCases {
            let values = passes.compactMap { $0[m] }
            if !values.isEmpty { out[m] = median(values) }
        }
        return out
    }

    /// Runs `body(t)` for `t` in `0..<count` on `count` threads of their own and
    /// waits for them all; rethrows the first failure.
    static func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) throws -> Void) throws {
        let failure = FirstFailure()
        let threads = try (0..<count).map { t in
            try NativeThread.start("bench-\(t)", stackSize: NativeThread.sqlStackSize, detached: false) { [failure] in
                do { try body(t) } catch { failure.record(error) }
            }
        }
        for case let thread? in threads { NativeThread.join(thread) }
        if let error = failure.error { throw error }
    }
}

/// The first error raised by any of several threads.
private final class FirstFailure: Sendable {
    private let first = Mutex<(any Error)?>(nil)

    func record(_ error: any Error) { first.withLock { if $0 == nil { $0 = error } } }
    var error: (any Error)? { first.withLock { $0 } }
}
