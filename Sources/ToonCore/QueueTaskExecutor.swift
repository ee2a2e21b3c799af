import Dispatch
import Synchronization

/// A task executor running jobs on a private dispatch queue, off Swift's
/// cooperative pool. The gRPC clients (ToonGRPC's `GRPCConnection`,
/// ToonEtcd's `EtcdClient`) run there, so that their blocking (synchronous)
/// methods may be called from any thread, the pool's own included, without
/// starving the work they wait for. Never call ``runBlocking(_:)`` from a job
/// of the same executor: it would wait for itself.
package final class QueueTaskExecutor: TaskExecutor {
    private let queue: DispatchQueue

    package init(label: String) {
        queue = DispatchQueue(label: label)
    }

    package func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }

    /// Runs `operation` on this executor and blocks the calling thread until it finishes.
    package func runBlocking<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) throws -> T {
        let done = DispatchSemaphore(value: 0)
        let result = Mutex<Result<T, any Error>?>(nil)
        Task(executorPreference: self) {
            let r: Result<T, any Error>
            do { r = .success(try await operation()) } catch { r = .failure(error) }
            result.withLock { $0 = r }
            done.signal()
        }
        done.wait()
        return try result.withLock { $0! }.get()
    }
}
