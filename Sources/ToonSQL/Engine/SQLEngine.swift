import Synchronization
import ToonCore
import ToonStorage

/// The SQL engine of one database: parses statements and runs them on a
/// storage transaction. Its only state is a cache of the parsed catalog.
public final class SQLEngine: Sendable {
    private let cache = Mutex<Catalog?>(nil)
    private let hooks = Mutex<(any SQLRowHooks)?>(nil)

    /// An engine with an empty cache.
    public init() {}

    /// Splits a script into statements with their source text.
    public static func statements(_ sql: String) throws -> [(statement: Statement, text: String)] {
        try StatementSplitter.split(sql).map { (try SQLParser.parseStatement($0), $0) }
    }

    /// Runs one statement in `txn`. A failing statement may leave partial
    /// writes in `txn`: callers take a savepoint first (as `Database` does).
    package func run(_ statement: Statement, text: String, in txn: StorageTransaction) throws -> SQLQueryResult {
        try StatementRunner(txn: txn, catalog: try catalog(txn), engine: self).run(statement, text: text)
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
