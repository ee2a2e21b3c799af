import Dispatch
import Synchronization
import Testing
import ToonCore
import ToonEtcd
import ToonTestSupport

/// Whether the etcd tests run: etcd and etcdctl are installed, or this is CI
/// (where a missing etcd fails them; see ``RequiredTool``).
let etcdTestsRun = RequiredTool.etcd.testsRun && RequiredTool.etcdctl.testsRun
let etcdSkipReason: Comment = "etcd or etcdctl is not installed (scripts/install-deps.sh installs etcd-server and etcd-client)"

/// A started cluster, failing the test clearly when etcd is missing under CI.
func startCluster(size: Int = 1, extraArguments: [String] = []) throws -> EtcdCluster {
    _ = try RequiredTool.etcd.require()
    _ = try RequiredTool.etcdctl.require()
    return try EtcdCluster(size: size, extraArguments: extraArguments)
}

func b(_ s: String) -> [UInt8] { Array(s.utf8) }
func s(_ b: [UInt8]) -> String { String(decoding: b, as: UTF8.self) }

/// The first key after every key starting with `prefix`.
func prefixEnd(_ prefix: String) -> [UInt8] {
    var bytes = b(prefix)
    bytes[bytes.count - 1] += 1
    return bytes
}

/// The error `body` throws, which must be a ToonDBError.
func toonError(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> ToonDBError? {
    do {
        try body()
        Issue.record("no error thrown", sourceLocation: sourceLocation)
    } catch let e as ToonDBError {
        return e
    } catch {
        Issue.record("not a ToonDBError: \(error)", sourceLocation: sourceLocation)
    }
    return nil
}

/// Collects watch events; `wait(for:)` blocks until that many arrived.
final class EventLog: Sendable {
    private let events = Mutex<[EtcdWatchEvent]>([])
    private let arrived = DispatchSemaphore(value: 0)

    func add(_ event: EtcdWatchEvent) {
        events.withLock { $0.append(event) }
        arrived.signal()
    }

    /// The events once at least `count` have arrived in all, or what arrived within `seconds`.
    func wait(for count: Int, seconds: Double = 10) -> [EtcdWatchEvent] {
        let deadline = DispatchTime.now() + seconds
        while events.withLock({ $0.count }) < count {
            if arrived.wait(timeout: deadline) == .timedOut { break }
        }
        return events.withLock { $0 }
    }

    var all: [EtcdWatchEvent] { events.withLock { $0 } }
}
