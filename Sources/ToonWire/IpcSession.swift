import ToonDB

/// One connection's state on the server and the handling of its requests
/// (PROTOCOL.md §3–§5): a pure function from request frame to reply frame,
/// so it is tested without sockets.
///
/// Invariants:
/// 1. Every request gets exactly one reply: its success frame or ERROR.
/// 2. Data requests (PUT, GET, DELETE, PUT_PATH, GET_PATH, SCAN, QUERY) run
///    on their own, committed or read at once, as the original does; the
///    transactions BEGIN opens hold no writes (PROTOCOL.md §4.4).
/// 3. Transaction ids are this connection's: 1, 2, 3, …
/// 4. Bad input gives ERROR with the original's message and leaves the
///    connection usable.
public final class IpcSession {
    let database: Database
    let stats: ServerStats
    private var transactions: [UInt64: Transaction] = [:]
    private var nextTransactionID: UInt64 = 1
    /// The EXECUTE_SQL statement running now, if any; the server interrupts
    /// it when the client hangs up.
    let running = RunningStatement()

    /// A session on `database` counting into `stats`.
    public init(database: Database, stats: ServerStats) {
        self.database = database
        self.stats = stats
    }

    /// Transactions this connection has open.
    public var openTransactions: Int { transactions.count }

    /// Aborts every open transaction (when the client closes cleanly).
    public func abortAll() {
        for (_, t) in transactions { t.abort() }
        transactions.removeAll()
    }

    /// The reply to one request.
    public func handle(_ request: IpcFrame) -> IpcFrame {
        do {
            return try reply(request.opcode, request.payload)
        } catch let e as IpcPayloadError {
            return .error(e.message)
        } catch let e as ToonDBError {
            return .error(e.description)
        } catch {
            return .error("\(error)")
        }
    }

    private func reply(_ op: UInt8, _ payload: [UInt8]) throws -> IpcFrame {
        switch op {
        case IpcOpcode.put:
            let (key, value) = try IpcPayload.decodePut(payload)
            try database.put(key, value)
            return .ok
        case IpcOpcode.get:
            return .value(try database.get(payload) ?? [])
        case IpcOpcode.delete:
            try database.delete(payload)
            return .ok
        case IpcOpcode.beginTransaction:
            let t = try database.beginTransaction()
            let id = nextTransactionID
            nextTransactionID += 1
            transactions[id] = t
            return .transactionID(id)
        case IpcOpcode.commitTransaction:
            let t = try take(payload, "COMMIT_TXN")
            return .transactionID(try t.commit())
        case IpcOpcode.abortTransaction:
            try take(payload, "ABORT_TXN").abort()
            return .ok
        case IpcOpcode.query:
            let q = try IpcPayload.decodeQuery(payload)
            return .value(Array(try QueryRunner(database: database).run(q).utf8))
        case IpcOpcode.createTable:
            let (name, columns) = try IpcPayload.decodeCreateTable(payload)
            try createTable(name, columns)
            return .ok
        case IpcOpcode.putPath:
            let (segments, value) = try IpcPayload.decodePath(payload)
            try database.put(segments.joined(separator: "/"), value)
            return .ok
        case IpcOpcode.getPath:
            let (segments, _) = try IpcPayload.decodePath(payload)
            return .value(try database.get(segments.joined(separator: "/")) ?? [])
        case IpcOpcode.scan:
            return try scan(payload)
        case IpcOpcode.checkpoint:
            try database.checkpoint()
            return .ok
        case IpcOpcode.stats:
            return IpcFrame(IpcOpcode.statsResponse, Array(stats.json(activeTransactions: transactions.count).utf8))
        case IpcOpcode.ping:
            return IpcFrame(IpcOpcode.pong)
        case IpcOpcode.executeSQL:
            guard let sql = String(validating: payload, as: UTF8.self) else {
                return .error("Invalid UTF-8 in SQL query")
            }
            return .value(Array(SQLJSON.run(sql, on: database, running: running).utf8))
        default:
            return .error("Unknown opcode: \(IpcOpcode.hex(op))")
        }
    }

    /// Removes and returns the transaction a COMMIT/ABORT payload names.
    private func take(_ payload: [UInt8], _ name: String) throws -> Transaction {
        var r = PayloadReader(payload)
        guard let id = r.u64() else { throw IpcPayloadError("\(name) requires txn_id") }
        guard let t = transactions.removeValue(forKey: id) else { throw IpcPayloadError("Transaction not found: \(id)") }
        return t
    }

    /// SCAN: entries whose key starts with the prefix, keys that are not
    /// UTF-8 (or longer than a u16 can say) left out, as the original does.
    private func scan(_ payload: [UInt8]) throws -> IpcFrame {
        guard String(validating: payload, as: UTF8.self) != nil else {
            return .error("Invalid UTF-8 in scan prefix")
        }
        var out: [UInt8] = [0, 0, 0, 0]
        var count: UInt32 = 0
        var tooLarge = false
        let cursor = try database.scanPrefix(payload)
        while let (key, value) = try cursor.next() {
            guard key.count <= Int(UInt16.max), String(validating: key, as: UTF8.self) != nil else { continue }
            out.appendLE(UInt16(key.count))
            out += key
            out.appendLE(UInt32(value.count))
            out += value
            count += 1
            if out.count > IpcFrame.maxPayload { tooLarge = true; break }
        }
        if tooLarge {
            return .error("SCAN result for this prefix exceeds the 16 MiB frame limit; scan a longer prefix")
        }
        for i in 0..<4 { out[i] = UInt8(truncatingIfNeeded: count >> (8 * UInt32(i))) }
        return .value(out)
    }

    /// CREATE_TABLE as a SQL table, so that QUERY on its name returns its rows.
    private func createTable(_ name: String, _ columns: [IpcPayload.Column]) throws {
        let defs = columns.map { c -> String in
            let type: String
            switch c.type {
            case .int64, .uint64, .bool: type = "INTEGER"
            case .float64: type = "REAL"
            case .text: type = "TEXT"
            case .binary: type = "BLOB"
            }
            return SQLText.identifier(c.name) + " " + type + (c.nullable ? "" : " NOT NULL")
        }
        let txn = try database.beginTransaction()
        do {
            try txn.executeSQL("CREATE TABLE \(SQLText.identifier(name)) (\(defs.joined(separator: ", ")))")
            try txn.commit()
        } catch {
            txn.abort()
            throw error
        }
    }
}
