import Synchronization
import ToonCore
package import ToonStorage

/// The SQL engine of one database: parses statements and runs them on a
/// storage transaction. Its state is caches: of the parsed catalog, and of
/// compiled statements by their text.
public final class SQLEngine: Sendable {
    private let cache = Mutex<Catalog?>(nil)
    private let hooks = Mutex<(any SQLRowHooks)?>(nil)
    private let compiled = Mutex(StatementCache())

    /// An engine with empty caches.
    public init() {}

    /// Splits a script into statements with their source text and parameters.
    public static func statements(_ sql: String) throws -> [ParsedStatement] {
        try StatementSplitter.split(sql).map(ParsedStatement.init)
    }

    /// The statements of a script, compiled, from the cache when this text was compiled before.
    package func compile(_ text: String) throws -> [CompiledStatement] {
        if let hit = compiled.withLock({ $0.lookup(text) }) { return hit }
        let made = try Self.statements(text).map(CompiledStatement.init)
        compiled.withLock { $0.insert(text, made) }
        return made
    }

    /// Runs one statement in `txn` with `parameters` bound (index 0 is `?1`).
    /// A failing statement may leave partial writes in `txn`: callers take a
    /// savepoint first (as `Database` does).
    package func run(_ statement: CompiledStatement, parameters: [SQLValue], in txn: StorageTransaction) throws -> SQLQueryResult {
        let catalog = try catalog(txn)
        if case .select(let select) = statement.parsed.statement {
            let plan = try statement.selectPlan(select, catalog)
            let rows = try Executor(txn: txn, catalog: catalog, parameters: parameters).run(plan, parent: nil)
            return SQLQueryResult(columns: plan.columnNames, rows: rows.map { SQLRow(columns: plan.columnNames, values: $0) })
        }
        return try StatementRunner(txn: txn, catalog: catalog, engine: self, parameters: parameters).run(statement)
    }

    /// The column names of the statement's result as `txn` sees the schema
    /// (planning a SELECT checks the names it uses).
    package func columns(of statement: CompiledStatement, in txn: StorageTransaction) throws -> [String] {
        switch statement.parsed.statement {
        case .select(let select): return try statement.selectPlan(select, try catalog(txn)).columnNames
        case .explain: return StatementRunner.explainColumns
        default: return []
        }
    }

    /// A SELECT's rows in `txn`, produced as they are read (see ``RowStream``);
    /// nil for other statements.
    package func open(_ statement: CompiledStatement, parameters: [SQLValue], in txn: StorageTransaction) throws -> RowStream? {
        guard case .select(let select) = statement.parsed.statement else { return nil }
        let catalog = try catalog(txn)
        return try RowStream(plan: try statement.selectPlan(select, catalog),
                             executor: Executor(txn: txn, catalog: catalog, parameters: parameters))
    }

    /// The row hooks of this engine, made by `make` on first use; later calls return the same object.
    public func rowHooks(orInstall make: () -> any SQLRowHooks) -> any SQLRowHooks {
        hooks.withLock { current in
            if let current { return current }
            let made = make()
            current = made
            return made
        }
    }

    /// The row hooks when they watch `table`.
    func rowHooks(for table: String) -> (any SQLRowHooks)? {
        guard let h = hooks.withLock({ $0 }), h.watches(table) else { return nil }
        return h
    }

    /// Forgets the cached catalog (after schema changes and rollbacks).
    public func invalidateCatalog() {
        cache.withLock { $0 = nil }
    }

    /// The catalog as `txn` sees it, from the cache when its version matches.
    func catalog(_ txn: StorageTransaction) throws -> Catalog {
        let version = try Catalog.storedVersion(txn)
        if let c = cache.withLock({ $0 }), c.version == version { return c }
        let c = try Catalog.load(txn)
        cache.withLock { $0 = c }
        return c
    }
}

/// Cuts a script at the semicolons between statements (not those inside
/// strings, comments, or a trigger's BEGIN … END).
enum StatementSplitter {
    static func split(_ sql: String) -> [String] {
        let b = Array(sql.utf8)
        var out: [String] = []
        var start = 0, i = 0
        var words: [String] = []
        var depth = 0
        func flush(_ end: Int) {
            var lo = start, hi = end
            while lo < hi && isSpace(b[lo]) { lo += 1 }
            while hi > lo && isSpace(b[hi - 1]) { hi -= 1 }
            // A piece of nothing but comments (`SELECT 1; -- done`) is no statement.
            if hi > lo && !onlyComments(b[lo..<hi]) { out.append(String(decoding: b[lo..<hi], as: UTF8.self)) }
            words = []
            depth = 0
        }
        while i < b.count {
            let c = b[i]
            switch c {
            case UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "`"):
                i += 1
                while i < b.count {
                    if b[i] == c {
                        if i + 1 < b.count && b[i + 1] == c { i += 2; continue }
                        break
                    }
                    i += 1
                }
                i += 1
            case UInt8(ascii: "["):
                while i < b.count && b[i] != UInt8(ascii: "]") { i += 1 }
                i += 1
            case UInt8(ascii: "-") where i + 1 < b.count && b[i + 1] == UInt8(ascii: "-"):
                while i < b.count && b[i] != 10 { i += 1 }
            case UInt8(ascii: "/") where i + 1 < b.count && b[i + 1] == UInt8(ascii: "*"):
                i += 2
                while i + 1 < b.count && !(b[i] == UInt8(ascii: "*") && b[i + 1] == UInt8(ascii: "/")) { i += 1 }
                i += 2
            case UInt8(ascii: ";"):
                if depth == 0 {
                    flush(i)
                    start = i + 1
                }
                i += 1
            default:
                if isWordByte(c) {
                    let s = i
                    while i < b.count && isWordByte(b[i]) { i += 1 }
                    let w = String(decoding: b[s..<i], as: UTF8.self).uppercased()
                    if words.count < 3 { words.append(w) }
                    let isTrigger = words.prefix(3).contains("TRIGGER")
                    if isTrigger && (w == "BEGIN" || w == "CASE") { depth += 1 }
                    if isTrigger && w == "END" && depth > 0 { depth -= 1 }
                } else {
                    i += 1
                }
            }
        }
        flush(min(i, b.count))
        return out
    }

    private static func isSpace(_ c: UInt8) -> Bool { c == 32 || (c >= 9 && c <= 13) }

    /// Whether `s` holds only white space and `--` or `/* */` comments.
    private static func onlyComments(_ s: ArraySlice<UInt8>) -> Bool {
        var i = s.startIndex
        while i < s.endIndex {
            if isSpace(s[i]) {
                i += 1
            } else if s[i] == UInt8(ascii: "-"), i + 1 < s.endIndex, s[i + 1] == UInt8(ascii: "-") {
                while i < s.endIndex && s[i] != 10 { i += 1 }
            } else if s[i] == UInt8(ascii: "/"), i + 1 < s.endIndex, s[i + 1] == UInt8(ascii: "*") {
                i += 2
                while i + 1 < s.endIndex && !(s[i] == UInt8(ascii: "*") && s[i + 1] == UInt8(ascii: "/")) { i += 1 }
                i += 2
            } else {
                return false
            }
        }
        return true
    }

    private static func isWordByte(_ c: UInt8) -> Bool {
        (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95 || c >= 0x80
    }
}
