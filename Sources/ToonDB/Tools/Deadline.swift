import Synchronization
import ToonCore

/// Runs async work with a time limit: the caller resumes with the work's
/// result or, when the limit passes first, with a timeout error, and the
/// work is cancelled. A closure that ignores cancellation keeps running in
/// the background but no longer holds up the caller.
enum Deadline {
    static func run<T: Sendable>(_ limit: Duration, _ what: String,
                                 _ work: @escaping @Sendable () async throws -> T) async throws -> T {
        let gate = Gate<T>()
        return try await withCheckedThrowingContinuation { continuation in
            gate.arm(continuation)
            let worker = Task {
                do { gate.finish(.success(try await work())) } catch { gate.finish(.failure(error)) }
            }
            let timer = Task {
                try? await Task.sleep(for: limit)
                if Task.isCancelled { return }
                if gate.finish(.failure(ToonDBError.agentTimedOut(what, after: limit))) { worker.cancel() }
            }
            gate.onFinish { timer.cancel() }
        }
    }

    /// Resumes a continuation once, whoever comes first.
    private final class Gate<T: Sendable>: Sendable {
        private struct State {
            var continuation: CheckedContinuation<T, Error>?
            var result: Result<T, Error>?
            var cleanup: (@Sendable () -> Void)?
            var done = false
        }
        private let state = Mutex(State())

        func arm(_ c: CheckedContinuation<T, Error>) {
            state.withLock { $0.continuation = c }
        }

        func onFinish(_ body: @escaping @Sendable () -> Void) {
            let runNow = state.withLock { s -> Bool in
                if s.done { return true }
                s.cleanup = body
                return false
            }
            if runNow { body() }
        }

        /// Resumes with `result` if nothing did yet; returns whether it did.
        @discardableResult
        func finish(_ result: Result<T, Error>) -> Bool {
            let (c, cleanup): (CheckedContinuation<T, Error>?, (@Sendable () -> Void)?) = state.withLock { s in
                if s.done { return (nil, nil) }
                s.done = true
                defer { s.continuation = nil; s.cleanup = nil }
                return (s.continuation, s.cleanup)
            }
            guard let c else { return false }
            c.resume(with: result)
            cleanup?()
            return true
        }
    }
}

extension ToonDBError {
    /// An agent (or its endpoint, `what`) that did not answer within `limit`:
    /// the one wording of the dispatcher's deadline and of the transports' own timeouts.
    package static func agentTimedOut(_ what: String, after limit: Duration) -> ToonDBError {
        ToonDBError(.ioError, "\(what) did not answer within \(limit) (timed out)",
                    remediation: "raise the agent's timeout or check the agent")
    }
}
