import Synchronization

/// The server-wide counters the STATS request reports (PROTOCOL.md §4.10).
public final class ServerStats: Sendable {
    let connectionsTotal = Atomic<UInt64>(0)
    let connectionsActive = Atomic<UInt64>(0)
    let requestsTotal = Atomic<UInt64>(0)
    let requestsSuccess = Atomic<UInt64>(0)
    let requestsError = Atomic<UInt64>(0)
    let bytesReceived = Atomic<UInt64>(0)
    let bytesSent = Atomic<UInt64>(0)
    let started = ContinuousClock.now

    /// Counters at zero, uptime from now.
    public init() {}

    /// Connections accepted and served so far.
    public var totalConnections: UInt64 { connectionsTotal.load(ordering: .relaxed) }
    /// Connections being served now.
    public var activeConnections: UInt64 { connectionsActive.load(ordering: .relaxed) }

    /// A request arrived (counted before it is handled, so STATS counts itself).
    func received(_ frame: IpcFrame) {
        requestsTotal.add(1, ordering: .relaxed)
        bytesReceived.add(UInt64(IpcFrame.headerSize + frame.payload.count), ordering: .relaxed)
    }

    /// A reply was sent.
    func sent(_ frame: IpcFrame) {
        if frame.opcode == IpcOpcode.error {
            requestsError.add(1, ordering: .relaxed)
        } else {
            requestsSuccess.add(1, ordering: .relaxed)
        }
        bytesSent.add(UInt64(IpcFrame.headerSize + frame.payload.count), ordering: .relaxed)
    }

    /// The STATS_RESP JSON: compact, keys in the original's order.
    func json(activeTransactions: Int) -> String {
        let uptime = UInt64((ContinuousClock.now - started).components.seconds)
        let fields: [(String, UInt64)] = [
            ("connections_total", connectionsTotal.load(ordering: .relaxed)),
            ("connections_active", connectionsActive.load(ordering: .relaxed)),
            ("requests_total", requestsTotal.load(ordering: .relaxed)),
            ("requests_success", requestsSuccess.load(ordering: .relaxed)),
            ("requests_error", requestsError.load(ordering: .relaxed)),
            ("bytes_received", bytesReceived.load(ordering: .relaxed)),
            ("bytes_sent", bytesSent.load(ordering: .relaxed)),
            ("uptime_secs", uptime),
            ("memtable_size_bytes", 0),
            ("wal_size_bytes", 0),
            ("active_transactions", UInt64(activeTransactions)),
        ]
        return "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }
}
