import CLMDB

/// An LMDB environment and its unnamed database, through the C API. Writers
/// on several threads may share it (LMDB serialises write transactions);
/// each ``LMDBReader`` is used by one thread.
final class LMDBEnvironment: @unchecked Sendable {
    private var env: OpaquePointer?
    private var dbi: MDB_dbi = 0

    /// Opens (creating) the environment in the directory `path` (`data.mdb`,
    /// `lock.mdb`); `noSync` opens it with `MDB_NOSYNC` (commits write their
    /// pages but do not flush them). `mapSize` bounds the data (address space
    /// reserved, not bytes written).
    init(path: String, noSync: Bool, mapSize: Int) throws {
        try LMDBEnvironment.check(mdb_env_create(&env), "mdb_env_create")
        do {
            try LMDBEnvironment.check(mdb_env_set_mapsize(env, mapSize), "mdb_env_set_mapsize")
            try LMDBEnvironment.check(mdb_env_open(env, path, noSync ? UInt32(MDB_NOSYNC) : 0, 0o644),
                                      "mdb_env_open \(path)")
            var txn: OpaquePointer?
            try LMDBEnvironment.check(mdb_txn_begin(env, nil, 0, &txn), "mdb_txn_begin")
            if let failure = LMDBEnvironment.failure(mdb_dbi_open(txn, nil, 0, &dbi), "mdb_dbi_open") {
                mdb_txn_abort(txn)
                throw failure
            }
            try LMDBEnvironment.check(mdb_txn_commit(txn), "mdb_txn_commit")
        } catch {
            close()
            throw error
        }
    }

    deinit { close() }

    /// Closes the environment (its readers gone first); later calls fail.
    func close() {
        if let env { mdb_env_close(env) }
        env = nil
    }

    /// Stores `value` under `key` in a write transaction of its own, committed.
    func put(_ key: [UInt8], _ value: [UInt8]) throws {
        var txn: OpaquePointer?
        try LMDBEnvironment.check(mdb_txn_begin(env, nil, 0, &txn), "mdb_txn_begin")
        let rc = key.withUnsafeBytes { k in
            value.withUnsafeBytes { v in
                var keyVal = MDB_val(mv_size: k.count, mv_data: UnsafeMutableRawPointer(mutating: k.baseAddress))
                var valueVal = MDB_val(mv_size: v.count, mv_data: UnsafeMutableRawPointer(mutating: v.baseAddress))
                return mdb_put(txn, dbi, &keyVal, &valueVal, 0)
            }
        }
        if let failure = LMDBEnvironment.failure(rc, "mdb_put") {
            mdb_txn_abort(txn)
            throw failure
        }
        try LMDBEnvironment.check(mdb_txn_commit(txn), "mdb_txn_commit")
    }

    /// Flushes the written pages to disk (`mdb_env_sync`, forced).
    func sync() throws { try LMDBEnvironment.check(mdb_env_sync(env, 1), "mdb_env_sync") }

    /// A reader with a read-only transaction handle of its own.
    func reader() throws -> LMDBReader {
        var txn: OpaquePointer?
        try LMDBEnvironment.check(mdb_txn_begin(env, nil, UInt32(MDB_RDONLY), &txn), "mdb_txn_begin read-only")
        mdb_txn_reset(txn)
        return LMDBReader(environment: self, txn: txn!, dbi: dbi)
    }

    static func check(_ rc: Int32, _ context: String) throws {
        if let failure = failure(rc, context) { throw failure }
    }

    static func failure(_ rc: Int32, _ context: String) -> BenchError? {
        rc == MDB_SUCCESS ? nil : BenchError("LMDB: \(String(cString: mdb_strerror(rc))) (\(context))")
    }
}

/// Reads of an ``LMDBEnvironment`` by one thread, each on a fresh snapshot:
/// the read-only transaction handle is renewed for every read and reset
/// after it (LMDB's way to run many short reads).
final class LMDBReader {
    /// Held so that the environment outlives the transaction handle.
    private let environment: LMDBEnvironment
    private let txn: OpaquePointer
    private let dbi: MDB_dbi

    fileprivate init(environment: LMDBEnvironment, txn: OpaquePointer, dbi: MDB_dbi) {
        self.environment = environment
        self.txn = txn
        self.dbi = dbi
    }

    deinit { mdb_txn_abort(txn) }

    /// The value stored under `key`, copied out, or nil.
    func get(_ key: [UInt8]) throws -> [UInt8]? {
        try LMDBEnvironment.check(mdb_txn_renew(txn), "mdb_txn_renew")
        defer { mdb_txn_reset(txn) }
        var valueVal = MDB_val()
        let rc = key.withUnsafeBytes { k in
            var keyVal = MDB_val(mv_size: k.count, mv_data: UnsafeMutableRawPointer(mutating: k.baseAddress))
            return mdb_get(txn, dbi, &keyVal, &valueVal)
        }
        if rc == MDB_NOTFOUND { return nil }
        try LMDBEnvironment.check(rc, "mdb_get")
        return LMDBReader.bytes(valueVal)
    }

    /// Calls `body` with every key and value in key order, copied out, through one cursor.
    func forEach(_ body: ([UInt8], [UInt8]) -> Void) throws {
        try LMDBEnvironment.check(mdb_txn_renew(txn), "mdb_txn_renew")
        defer { mdb_txn_reset(txn) }
        var cursor: OpaquePointer?
        try LMDBEnvironment.check(mdb_cursor_open(txn, dbi, &cursor), "mdb_cursor_open")
        defer { mdb_cursor_close(cursor) }
        var keyVal = MDB_val(), valueVal = MDB_val()
        var rc = mdb_cursor_get(cursor, &keyVal, &valueVal, MDB_FIRST)
        while rc == MDB_SUCCESS {
            body(LMDBReader.bytes(keyVal), LMDBReader.bytes(valueVal))
            rc = mdb_cursor_get(cursor, &keyVal, &valueVal, MDB_NEXT)
        }
        if rc != MDB_NOTFOUND { try LMDBEnvironment.check(rc, "mdb_cursor_get") }
    }

    private static func bytes(_ val: MDB_val) -> [UInt8] {
        guard val.mv_size > 0, let p = val.mv_data else { return [] }
        return Array(UnsafeRawBufferPointer(start: p, count: val.mv_size))
    }
}
