import Foundation
import ToonDB

/// Tab completion candidates, context-aware (toondb(1), CONSOLE): SQL keywords and
/// functions, table and column names (as the schema is now, so tables made
/// in this session count), dot-command names, their options, and the
/// namespaces, collections, key paths, files or words an argument takes.
/// Plain Swift on a ``DataSource``; the console's readline glue and the
/// explorer's command line both ask it.
package struct Completer: Sendable {
    /// Where names come from.
    package let source: any DataSource

    /// A completer over `source`.
    package init(source: any DataSource) { self.source = source }

    /// The SQL keywords offered.
    package static let sqlKeywords: [String] = [
        "ABORT", "ADD", "AFTER", "ALL", "ALTER", "AND", "AS", "ASC", "AUTOINCREMENT", "BEFORE", "BEGIN", "BETWEEN", "BY",
        "CASE", "CAST", "CHECK", "COLLATE", "COLUMN", "COMMIT", "CONFLICT", "CONSTRAINT", "CREATE", "CROSS",
        "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "DEFAULT", "DELETE", "DESC", "DISTINCT", "DROP",
        "EACH", "ELSE", "END", "ESCAPE", "EXCEPT", "EXISTS", "EXPLAIN", "FALSE", "FOR", "FROM", "GLOB", "GROUP",
        "HAVING", "IF", "IGNORE", "IN", "INDEX", "INNER", "INSERT", "INSTEAD", "INTEGER", "INTERSECT", "INTO", "IS",
        "ISNULL", "JOIN", "KEY", "LEFT", "LIKE", "LIMIT", "NATURAL", "NOT", "NOTNULL", "NULL", "NULLS", "OF", "OFFSET",
        "ON", "OR", "ORDER", "OUTER", "PLAN", "PRIMARY", "QUERY", "REAL", "RECURSIVE", "RENAME", "REPLACE", "ROLLBACK",
        "ROW", "ROWID", "SAVEPOINT", "SELECT", "SET", "TABLE", "TEMP", "TEXT", "THEN", "TO", "TRANSACTION",
        "TRIGGER", "TRUE", "UNION", "UNIQUE", "UPDATE", "USING", "VALUES", "VIEW", "WHEN", "WHERE", "WITH", "WITHOUT",
        "BLOB",
    ]

    /// The SQL functions offered (scalar and aggregate).
    package static let sqlFunctions: [String] = [
        "abs", "avg", "char", "coalesce", "count", "format", "group_concat", "hex", "ifnull", "iif", "instr", "length",
        "lower", "ltrim", "max", "min", "nullif", "printf", "quote", "random", "replace", "round", "rtrim", "sign",
        "string_agg", "substr", "substring", "sum", "total", "trim", "typeof", "unicode", "upper", "zeroblob",
    ]

    /// The words that could replace `word`, the word before the cursor, sorted.
    /// `linePrefix` is the line's text before `word`; `pending` the earlier
    /// lines of an unfinished statement (empty at the first prompt);
    /// `following` the text after the cursor, when the caller knows it (an
    /// editor does; readline's console does not), so that the tables of a
    /// `FROM` typed after the cursor count too.
    package func candidates(word: String, linePrefix: String, pending: String = "", following: String = "") -> [String] {
        let head = linePrefix.trimmingWhitespace()
        if pending.trimmingWhitespace().isEmpty, head.isEmpty, word.hasPrefix(".") || word.isEmpty {
            if word.hasPrefix(".") { return CommandRegistry.names.filter { $0.hasPrefix(word) }.sorted() }
        }
        if pending.trimmingWhitespace().isEmpty, head.hasPrefix(".") {
            return dotArgument(word: word, head: head)
        }
        return sql(word: word, context: SQLCompletionContext(before: pending + linePrefix, after: following))
    }

    /// The characters that end the word completion replaces: spaces, quotes
    /// and SQL punctuation, but not `.` or `/` (dot-commands, `table.column`,
    /// key paths) nor `-` (`--options`).
    /// The console's readline and the explorer's editor both split words at them.
    package static let wordBreaks = " \t\n\"'`@$><=;|&{(,)"

    // MARK: dot-command arguments

    private func dotArgument(word: String, head: String) -> [String] {
        let words = (try? ArgumentTokenizer.split(head)) ?? head.split(separator: " ").map(String.init)
        guard let name = words.first, let command = CommandRegistry.command(name) else { return [] }
        if word.hasPrefix("-") {
            let options = command.usages.flatMap { $0.split(separator: " ") }
                .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "[]")) }
                .filter { $0.hasPrefix("--") }
            return Array(Set(options)).filter { $0.hasPrefix(word) }.sorted()
        }
        // Positional index, skipping options and their values.
        var index = 0
        var i = 1
        while i < words.count {
            if words[i].hasPrefix("--") { i += words[i] == "--hybrid" ? 1 : 2; continue }
            index += 1
            i += 1
        }
        if let previous = words.last, previous.hasPrefix("--") {
            switch previous {
            case "--metric": return VectorMetric.allCases.map(\.rawValue).filter { $0.hasPrefix(word) }
            case "--ns": return filter(names(namespaces: ()), word)
            default: return []
            }
        }
        var kinds = command.arguments
        if command.name == ".graph", words.count > 1, words[1] == "add-node" || words[1] == "add-edge" { kinds = [] }
        if command.name == ".graph", index == 0 { return filter(["add-edge", "add-node"], word) }
        guard index < kinds.count else { return [] }
        switch kinds[index] {
        case .choice(let options): return filter(options, word)
        case .table: return filter(tableNames(), word)
        case .namespace: return filter(names(namespaces: ()), word)
        case .collectionPath: return collectionPaths(word)
        case .keyPath: return keyPaths(word)
        case .file: return files(word)
        case .free: return []
        }
    }

    private func filter(_ options: [String], _ word: String) -> [String] {
        options.filter { $0.hasPrefix(word) }.sorted()
    }

    private func names(namespaces: Void) -> [String] {
        (try? source.namespaces().map(\.name)) ?? []
    }

    private func collectionPaths(_ word: String) -> [String] {
        guard let slash = word.firstIndex(of: "/") else {
            return filter(names(namespaces: ()).map { $0 + "/" }, word)
        }
        let ns = String(word[..<slash])
        let cols = (try? source.collections(in: ns).map { ns + "/" + $0.name }) ?? []
        return filter(cols, word)
    }

    /// Key paths of the default key space that start with `word`: the
    /// children of its last `/`, a prefix with children ending in `/`.
    package func keyPaths(_ word: String) -> [String] {
        let dir: String
        if let slash = word.lastIndex(of: "/") { dir = String(word[...slash]) } else { dir = "" }
        guard let children = try? source.listChildren(dir, after: nil, limit: 500) else { return [] }
        var out: [String] = []
        for c in children {
            let full = dir + c.name
            if c.hasValue { out.append(full) }
            if c.hasChildren { out.append(full + "/") }
        }
        return filter(out, word)
    }

    private func files(_ word: String) -> [String] {
        let dir = word.contains("/") ? String(word[...word.lastIndex(of: "/")!]) : ""
        let listed = (try? FileManager.default.contentsOfDirectory(atPath: dir.isEmpty ? "." : dir)) ?? []
        return filter(listed.map { name -> String in
            var isDir: ObjCBool = false
            let full = dir + name
            _ = FileManager.default.fileExists(atPath: full, isDirectory: &isDir)
            return full + (isDir.boolValue ? "/" : "")
        }, word)
    }

    // MARK: SQL

    private func tableNames() -> [String] {
        ((try? source.sqlSchema()) ?? []).filter { $0.kind == .table || $0.kind == .view }.map(\.name)
    }

    /// SQL words for `word`, read from the schema as it is now (so a table
    /// created a moment ago counts): after `FROM`, `JOIN`, `INTO`, `UPDATE`
    /// or `TABLE` only tables and views; elsewhere the columns of the tables
    /// the statement names come first, then keywords, functions and the
    /// other names (every column when the statement names no table).
    private func sql(word: String, context: SQLCompletionContext) -> [String] {
        let schema = (try? source.sqlSchema()) ?? []
        let tables = schema.filter { $0.kind == .table }
        func columns(of name: String) -> [String] {
            tables.first { $0.name.lowercased() == name.lowercased() }?.columns ?? []
        }
        let matchWord = word.lowercased()
        func matching(_ names: [String]) -> [String] { names.filter { $0.lowercased().hasPrefix(matchWord) } }
        if let dot = word.firstIndex(of: ".") {
            let qualifier = String(word[..<dot])
            let prefix = String(word[...dot])
            return filter(columns(of: context.table(named: qualifier) ?? qualifier).map { prefix + $0 }, word)
        }
        let relations = tables.map(\.name) + schema.filter { $0.kind == .view }.map(\.name)
        if context.expecting == .table { return matching(relations).sorted() }
        let lower = word.first.map { $0.isLowercase } ?? false
        let keywords = Self.sqlKeywords.map { lower ? $0.lowercased() : $0 }
        let known = context.tables.filter { t in tables.contains { $0.name.lowercased() == t.lowercased() } }
        var out: [String]
        var names = Set(relations + Self.sqlFunctions)
        if known.isEmpty {
            for t in tables { names.formUnion(t.columns) }
            out = matching(keywords)
        } else {
            out = matching(known.flatMap(columns(of:))) + matching(keywords)
        }
        out += matching(Array(names)).sorted()
        var seen = Set<String>()
        return out.filter { seen.insert($0).inserted }
    }
}
