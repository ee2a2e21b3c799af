import Synchronization
import ToonDB

/// The transaction of the EXECUTE_SQL request a connection is running, where
/// another thread (the hang-up watcher) can interrupt it.
final class RunningStatement: Sendable {
    private let transaction = Mutex<Transaction?>(nil)

    /// Runs `body` with `txn` registered as the running statement's.
    func run<T>(in txn: Transaction, _ body: () throws -> T) rethrows -> T {
        transaction.withLock { $0 = txn }
        defer { transaction.withLock { $0 = nil } }
        return try body()
    }

    /// Stops the running statement, if any: it throws `interrupted` at its next row.
    func interrupt() {
        transaction.withLock { $0?.interruptSQL() }
    }
}
