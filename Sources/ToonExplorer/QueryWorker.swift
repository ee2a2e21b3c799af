import Foundation
import ToonCore
import ToonDB

/// Runs queries off the UI thread, one at a time. Cancelling abandons the
/// running query: its result, when it comes, is dropped, and the UI is free
/// at once; the explorer also interrupts the statement through its data
/// source, so it stops at its next row (over IPC, on the server).
package final class QueryWorker: @unchecked Sendable {
    /// A finished query.
    package struct Finished: Sendable {
        package var text: String
        package var result: Result<CommandOutput, ToonDBError>
        package var elapsed: Double
    }

    private let lock = NSLock()
    private var generation = 0
    private var running = false
    private var finished: Finished?
    /// Readable once a query has finished, until ``take()``: the explorer's input loop polls it.
    package let finishedPipe = WakePipe()

    package init() {}

    /// Whether a query is running (and not cancelled).
    package var isRunning: Bool { lock.withLock { running } }

    /// Starts `text` with `runner` on a background thread.
    package func start(_ text: String, runner: @escaping CommandRunner) {
        let gen: Int = lock.withLock {
            generation += 1
            running = true
            finished = nil
            return generation
        }
        do {
            try NativeThread.start("toondb-query", stackSize: 8 << 20) { [weak self] in
                let t0 = ContinuousClock.now
                let result: Result<CommandOutput, ToonDBError>
                do {
                    result = .success(try runner(text))
                } catch let e as ToonDBError {
                    result = .failure(e)
                } catch {
                    result = .failure(ToonDBError(.internalError, "\(error)"))
                }
                self?.finish(gen, Finished(text: text, result: result, elapsed: (ContinuousClock.now - t0).inSeconds))
            }
        } catch let e as ToonDBError {
            finish(gen, Finished(text: text, result: .failure(e), elapsed: 0))
        } catch {
            finish(gen, Finished(text: text, result: .failure(ToonDBError(.internalError, "\(error)")), elapsed: 0))
        }
    }

    /// Hands a query's result to the UI thread, unless it was cancelled meanwhile.
    private func finish(_ gen: Int, _ done: Finished) {
        lock.withLock {
            if generation == gen {
                finished = done
                running = false
            }
        }
        finishedPipe.wake()
    }

    /// Abandons the running query; true if one was running.
    @discardableResult
    package func cancel() -> Bool {
        lock.withLock {
            let was = running
            generation += 1
            running = false
            return was
        }
    }

    /// The finished query, once (nil while running or when there is none).
    package func take() -> Finished? {
        finishedPipe.drain()
        return lock.withLock {
            defer { finished = nil }
            return finished
        }
    }

    /// Waits until the running query finishes or `timeout` seconds pass (for tests and scripts).
    package func wait(timeout: Double = 10) {
        let end = ContinuousClock.now + .seconds(timeout)
        while isRunning, ContinuousClock.now < end { usleep(2000) }
    }
}
