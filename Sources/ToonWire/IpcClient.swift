#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import ToonCore

/// A client of `toondb-server` (or of the original `sochdb-server`) over its
/// Unix socket, speaking `Sources/ToonWire/PROTOCOL.md` (its §8 describes
/// this client): the Swift twin of the Python SDK's `IpcClient`.
///
/// ```swift
/// let c = try IpcClient.connect("/path/to/db/toondb.sock")
/// try c.put("user:1", "Alice")
/// let v = try c.get("user:1")          // [UInt8]? — nil when absent
/// let t = try c.beginTransaction()
/// let lsn = try c.commit(t)
/// c.close()
/// ```
///
/// One request is in flight at a time; calls from several threads are
/// serialized. Errors are ``ToonDBError``: `protocolError` for a reply the
/// protocol does not allow, `ioError` for a broken connection, and the
/// server's message for a refused request (`transactionClosed` for an
/// unknown transaction, `internalError` otherwise).
public final class IpcClient: @unchecked Sendable {
    /// The socket this client is connected to.
    public let path: String
    private var fd: Int32
    private let reader: FrameReader
    /// Held for a whole request.
    private let lock = NSLock()
    /// Held briefly to close or shut down the socket, also while a request runs.
    private let socketLock = NSLock()
    private var interrupted = false

    private init(path: String, fd: Int32) {
        self.path = path
        self.fd = fd
        self.reader = FrameReader(fd: fd)
    }

    /// Connects to the server listening at `path`. `timeout` bounds each
    /// send and each wait for a reply (default 30 s, as the Python client; 0: none).
    public static func connect(_ path: String, timeout: Duration = .seconds(30)) throws -> IpcClient {
        let fd = try UnixSocket.connect(path)
        let ms = Int(timeout.components.seconds) * 1000 + Int(timeout.components.attoseconds / 1_000_000_000_000_000)
        if ms > 0 {
            UnixSocket.setReceiveTimeout(fd, milliseconds: ms)
            UnixSocket.setSendTimeout(fd, milliseconds: ms)
        }
        return IpcClient(path: path, fd: fd)
    }

    deinit { close() }

    /// Closes the connection; the server aborts this connection's open
    /// transactions. Closing twice does nothing; any later call throws.
    public func close() {
        lock.withLock { closeSocket() }
    }

    private func closeSocket() {
        socketLock.withLock {
            if fd >= 0 { sysClose(fd); fd = -1 }
        }
    }

    /// Stops the request running on this connection, from another thread:
    /// the socket is shut down, the waiting call throws `interrupted`, and
    /// `toondb-server` stops an EXECUTE_SQL statement at its next row
    /// (PROTOCOL.md §4.12). The connection is closed afterwards: connect again.
    /// Does nothing when the connection is already closed.
    public func interrupt() {
        socketLock.withLock {
            guard fd >= 0 else { return }
            interrupted = true
            shutdown(fd, Int32(SHUT_RDWR))
        }
    }

    /// Whether ``interrupt()`` has ended this connection.
    public var wasInterrupted: Bool { socketLock.withLock { interrupted } }

    /// Sends one request frame and returns the reply frame, whatever its opcode.
    public func roundTrip(_ request: IpcFrame) throws -> IpcFrame {
        try lock.withLock {
            guard fd >= 0, !wasInterrupted else {
                closeSocket()
                throw ToonDBError(.databaseClosed, "the connection to \(path) is closed", remediation: "connect again")
            }
            guard request.payload.count <= IpcFrame.maxPayload else {
                throw ToonDBError(.invalidArgument,
                                  "a \(IpcOpcode.name(request.opcode)) request of \(request.payload.count) bytes exceeds the 16 MiB frame limit",
                                  remediation: "split the value over several keys")
            }
            let sent = UnixSocket.writeAll(fd, request.encoded)
            let sendErrno = errno
            let next: FrameReader.Outcome = sent ? reader.next() : .closed
            if wasInterrupted {
                closeSocket()
                throw ToonDBError(.interrupted, "the \(IpcOpcode.name(request.opcode)) request to \(path) was interrupted",
                                  remediation: "the connection is closed (the server stops a running statement); connect again")
            }
            guard sent else { throw ToonDBError.io("cannot send to", path: path, errno: sendErrno) }
            switch next {
            case .frame(let reply): return reply
            case .closed:
                throw ToonDBError(.ioError, "the server at \(path) closed the connection",
                                  remediation: "the server may have stopped or refused the connection (--max-clients); reconnect")
            case .failed(let reason):
                throw ToonDBError(.ioError, "reading a reply from \(path) failed: \(reason)",
                                  remediation: "reconnect; check that the server is running")
            }
        }
    }

    /// Sends a request and checks the reply's opcode; ERROR becomes a thrown error.
    @discardableResult
    func request(_ op: UInt8, _ payload: [UInt8] = [], expect: UInt8,
                 errorCode: ErrorCode = .internalError) throws -> [UInt8] {
        let reply = try roundTrip(IpcFrame(op, payload))
        if reply.opcode == expect { return reply.payload }
        if reply.opcode == IpcOpcode.error {
            let message = String(decoding: reply.payload, as: UTF8.self)
            let code: ErrorCode = message.hasPrefix("Transaction not found") ? .transactionClosed : errorCode
            throw ToonDBError(code, "\(IpcOpcode.name(op)) failed on the server: \(message)")
        }
        throw ToonDBError(.protocolError,
                          "unexpected reply \(IpcOpcode.name(reply.opcode)) to \(IpcOpcode.name(op)) (expected \(IpcOpcode.name(expect)))",
                          remediation: "is \(path) a toondb-server socket?")
    }

    /// Measures one round trip.
    @discardableResult
    public func ping() throws -> Duration {
        let start = ContinuousClock.now
        try request(IpcOpcode.ping, expect: IpcOpcode.pong)
        return ContinuousClock.now - start
    }

    /// Stores `value` under `key`.
    public func put(_ key: some ByteConvertible, _ value: some ByteConvertible) throws {
        try request(IpcOpcode.put, IpcPayload.put(key: key.toonBytes, value: value.toonBytes), expect: IpcOpcode.ok)
    }

    /// The value of `key`, or nil. (The protocol cannot tell an empty value from a missing one: both are nil.)
    public func get(_ key: some ByteConvertible) throws -> [UInt8]? {
        let v = try request(IpcOpcode.get, key.toonBytes, expect: IpcOpcode.value)
        return v.isEmpty ? nil : v
    }

    /// The value of `key` as UTF-8 text, or nil.
    public func getString(_ key: some ByteConvertible) throws -> String? {
        try get(key).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Removes `key` (a missing key is not an error).
    public func delete(_ key: some ByteConvertible) throws {
        try request(IpcOpcode.delete, key.toonBytes, expect: IpcOpcode.ok)
    }

    /// Stores `value` at a key path (`"users/alice/email"` or its segments);
    /// the key is the segments joined with `/`.
    public func putPath(_ path: String, _ value: some ByteConvertible) throws {
        try putPath(Self.segments(path), value)
    }

    /// Stores `value` at the path made of `segments`.
    public func putPath(_ segments: [String], _ value: some ByteConvertible) throws {
        try request(IpcOpcode.putPath, IpcPayload.path(segments, value: value.toonBytes), expect: IpcOpcode.ok)
    }

    /// The value at a key path, or nil.
    public func getPath(_ path: String) throws -> [UInt8]? {
        try getPath(Self.segments(path))
    }

    /// The value at the path made of `segments`, or nil.
    public func getPath(_ segments: [String]) throws -> [UInt8]? {
        let v = try request(IpcOpcode.getPath, IpcPayload.path(segments), expect: IpcOpcode.value)
        return v.isEmpty ? nil : v
    }

    static func segments(_ path: String) -> [String] {
        path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    }

    /// Entries whose key starts with `prefix`, in key order (the server
    /// leaves out keys that are not UTF-8).
    public func scan(_ prefix: String) throws -> [(key: [UInt8], value: [UInt8])] {
        IpcPayload.decodeScanResult(try request(IpcOpcode.scan, Array(prefix.utf8), expect: IpcOpcode.value))
    }

    /// Opens a transaction on the server and returns its id (this connection's: 1, 2, …).
    /// In this protocol data calls do not take part in it; see PROTOCOL.md §4.4.
    public func beginTransaction() throws -> UInt64 {
        try Self.u64(request(IpcOpcode.beginTransaction, expect: IpcOpcode.transactionID,
                             errorCode: .transactionConflict))
    }

    /// Commits transaction `id`; returns the commit's sequence number.
    @discardableResult
    public func commit(_ id: UInt64) throws -> UInt64 {
        var p = [UInt8]()
        p.appendLE(id)
        return try Self.u64(request(IpcOpcode.commitTransaction, p, expect: IpcOpcode.transactionID,
                                    errorCode: .transactionConflict))
    }

    /// Aborts transaction `id`.
    public func abort(_ id: UInt64) throws {
        var p = [UInt8]()
        p.appendLE(id)
        try request(IpcOpcode.abortTransaction, p, expect: IpcOpcode.ok)
    }

    private static func u64(_ payload: [UInt8]) throws -> UInt64 {
        var r = PayloadReader(payload)
        guard let v = r.u64() else {
            throw ToonDBError(.protocolError, "a TXN_ID reply of \(payload.count) bytes is shorter than 8")
        }
        return v
    }

    /// Runs QUERY and returns the server's compact TOON text
    /// (`result[N]{a,b}:1,x;2,y`, or `[]`).
    public func query(_ path: String, limit: Int = 0, offset: Int = 0, columns: [String] = []) throws -> String {
        guard limit >= 0, offset >= 0, limit <= Int(UInt32.max), offset <= Int(UInt32.max) else {
            throw ToonDBError(.invalidArgument, "limit \(limit) and offset \(offset) must be in 0…\(UInt32.max)")
        }
        let q = IpcPayload.Query(path: path, limit: UInt32(limit), offset: UInt32(offset), columns: columns)
        return String(decoding: try request(IpcOpcode.query, IpcPayload.query(q), expect: IpcOpcode.value), as: UTF8.self)
    }

    /// Registers a table schema (CREATE_TABLE); QUERY on its name then returns its rows.
    public func createTable(_ name: String, columns: [IpcPayload.Column]) throws {
        try request(IpcOpcode.createTable, IpcPayload.createTable(name: name, columns: columns), expect: IpcOpcode.ok)
    }

    /// Asks the server to checkpoint the database.
    public func checkpoint() throws {
        try request(IpcOpcode.checkpoint, expect: IpcOpcode.ok)
    }

    /// The server's counters (`connections_total`, `requests_total`, …).
    public func stats() throws -> [String: UInt64] {
        let payload = try request(IpcOpcode.stats, expect: IpcOpcode.statsResponse)
        guard let object = try? JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any] else {
            throw ToonDBError(.protocolError, "the STATS reply is not a JSON object: \(String(decoding: payload, as: UTF8.self))")
        }
        var out: [String: UInt64] = [:]
        for (k, v) in object {
            if let n = v as? NSNumber { out[k] = n.uint64Value }
        }
        return out
    }
}
