import Synchronization
import ToonCore
internal import ToonStorage

/// The schema of a database, stored in the catalog key space (`\0c/`), read
/// through a transaction so DDL is transactional like everything else.
struct Catalog: Sendable {
    var tables: [String: TableSchema] = [:]
    var indexes: [String: IndexSchema] = [:] {
        didSet { indexesByTable = Dictionary(grouping: indexes.values.sorted { $0.name < $1.name }) { $0.table.lowercased() } }
    }
    var views: [String: StoredStatement] = [:]
    var triggers: [String: StoredStatement] = [:] {
        didSet {
            triggersByTable = Dictionary(grouping: triggers.values.sorted { $0.name < $1.name }) { $0.table.lowercased() }
                .mapValues { $0.map { stored in
                    guard case .createTrigger(let t) = try? SQLParser.parseStatement(stored.sql) else { return (stored, nil) }
                    return (stored, t)
                } }
        }
    }
    /// `indexes` by table, kept in step with it: every row written reads it.
    private var indexesByTable: [String: [IndexSchema]] = [:]
    /// `triggers` by table, parsed once when the catalog is read (nil: the stored text does not parse).
    private var triggersByTable: [String: [(stored: StoredStatement, trigger: CreateTrigger?)]] = [:]
    /// Bumped by every schema change; keys the parsed-catalog cache.
    var version: UInt64 = 0
    /// Which load of the catalog this is, unique in the process: plans made
    /// from it stay valid while the engine hands out this same load, which it
    /// replaces after every schema change and rollback.
    var generation: UInt64 = 0

    /// The last generation handed out.
    private static let loads = Atomic<UInt64>(0)

    static let versionKey = KeyEncoding.catalogKey("version")

    func table(_ name: String) -> TableSchema? { tables[name.lowercased()] }

    func indexes(on table: String) -> [IndexSchema] { indexesByTable[table.lowercased()] ?? [] }

    func triggers(on table: String) -> [StoredStatement] { parsedTriggers(on: table).map(\.stored) }

    /// A table's triggers with their parsed statements, by name.
    func parsedTriggers(on table: String) -> [(stored: StoredStatement, trigger: CreateTrigger?)] {
        triggersByTable[table.lowercased()] ?? []
    }

    /// Whether any table, index, view or trigger has this name.
    func objectExists(_ name: String) -> Bool {
        let n = name.lowercased()
        return tables[n] != nil || indexes[n] != nil || views[n] != nil || triggers[n] != nil
    }

    /// Reads the schema version stored in the transaction's view.
    static func storedVersion(_ txn: StorageTransaction) throws -> UInt64 {
        guard let v = try txn.get(versionKey), v.count == 8 else { return 0 }
        return v.withUnsafeBytes { Varint.fixed64($0, 0) }
    }

    /// Loads the whole catalog.
    static func load(_ txn: StorageTransaction) throws -> Catalog {
        var c = Catalog()
        c.version = try storedVersion(txn)
        c.generation = loads.add(1, ordering: .relaxed).newValue
        let prefix = KeyEncoding.catalogKey("schema") + [0x2F]
        let it = try txn.iterator(lower: prefix, upper: prefix.prefixSuccessor)
        // Collected first and assigned once, so the derived by-table maps are built once.
        var indexes: [String: IndexSchema] = [:]
        var triggers: [String: StoredStatement] = [:]
        while let (key, value) = try it.next() {
            let rest = String(decoding: key[prefix.count...], as: UTF8.self)
            let kind = rest.prefix { $0 != "/" }
            let name = String(rest.dropFirst(kind.count + 1))
            do {
                switch kind {
                case "table": c.tables[name] = try TableSchema(storedBytes: value)
                case "index": indexes[name] = try IndexSchema(storedBytes: value)
                case "view": c.views[name] = try StoredStatement(storedBytes: value)
                case "trigger": triggers[name] = try StoredStatement(storedBytes: value)
                default: break
                }
            } catch {
                let why = (error as? ToonDBError)?.message ?? "\(error)"
                throw ToonDBError(.corruption, "catalog entry \(kind) \(name) cannot be read: \(why)",
                                  remediation: "restore the database from a backup")
            }
        }
        c.indexes = indexes
        c.triggers = triggers
        return c
    }

    enum Kind: String { case table, index, view, trigger }

    /// Writes (or with nil, removes) one catalog entry and bumps the version.
    static func store<T: CatalogRecord>(_ kind: Kind, _ name: String, _ value: T?, in txn: StorageTransaction) throws {
        let key = KeyEncoding.catalogKey("schema", kind.rawValue, name.lowercased())
        if let value {
            try txn.put(key, value.storedBytes)
        } else {
            try txn.delete(key)
        }
        var v: [UInt8] = []
        Varint.appendFixed64(try storedVersion(txn) + 1, to: &v)
        try txn.put(versionKey, v)
    }
}
