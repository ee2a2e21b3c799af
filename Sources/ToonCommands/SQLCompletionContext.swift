/// What the SQL around the cursor says completion should offer: the tables
/// the statement names (after `FROM`, `JOIN`, `UPDATE`, `INTO`), with their
/// aliases, and whether the word at the cursor names a table or a value.
package struct SQLCompletionContext: Sendable, Equatable {
    /// What the word at the cursor is expected to be.
    package enum Expecting: Sendable, Equatable {
        /// A table or view: right after `FROM`, `JOIN`, `UPDATE`, `INTO`, `TABLE`, or a comma in a `FROM` list.
        case table
        /// An expression: columns of the tables in scope come first.
        case expression
    }

    /// The tables the statement reads or writes, in the order named (as written).
    package var tables: [String] = []
    /// Alias (lower case) → table, including each table's own name.
    package var aliases: [String: String] = [:]
    package var expecting: Expecting = .expression

    /// Keywords after which a table name follows.
    static let tableKeywords: Set<String> = ["FROM", "JOIN", "UPDATE", "INTO", "TABLE"]

    /// The context of the cursor between `before` and `after` (the statement's
    /// text on either side of the word being completed; only the statement
    /// the cursor is in counts, up to the `;`s around it).
    package init(before: String, after: String) {
        var head = SQLTokenizer.tokens(before)
        if let semi = head.lastIndex(where: { $0.kind == .symbol && $0.text == ";" }) { head.removeSubrange(...semi) }
        var tail = SQLTokenizer.tokens(after)
        if let semi = tail.firstIndex(where: { $0.kind == .symbol && $0.text == ";" }) { tail.removeSubrange(semi...) }
        let significantHead = head.filter(\.isSignificant)
        collectTables(significantHead + [SQLToken(kind: .symbol, text: "", offset: 0, length: 0)] + tail.filter(\.isSignificant))
        if let last = significantHead.last {
            if last.kind == .keyword, Self.tableKeywords.contains(last.text.uppercased()) {
                expecting = .table
            } else if last.text == ",", Self.inFromList(significantHead.dropLast()) {
                expecting = .table
            }
        }
    }

    /// Whether the tokens end inside a `FROM a, b` list (the last clause keyword is FROM).
    private static func inFromList(_ tokens: ArraySlice<SQLToken>) -> Bool {
        var depth = 0
        for t in tokens.reversed() {
            if t.text == ")" { depth += 1 } else if t.text == "(" {
                if depth == 0 { return false }
                depth -= 1
            } else if depth == 0, t.kind == .keyword {
                let k = t.text.uppercased()
                if k == "FROM" { return true }
                if k != "AS" { return false }
            }
        }
        return false
    }

    /// Reads `FROM t [AS] a, u b JOIN v …`, `UPDATE t`, `INSERT INTO t`.
    private mutating func collectTables(_ tokens: [SQLToken]) {
        var i = 0
        func name(_ t: SQLToken) -> String? {
            switch t.kind {
            case .identifier: return t.text
            case .quotedIdentifier: return String(t.text.dropFirst().dropLast())
            default: return nil
            }
        }
        while i < tokens.count {
            let t = tokens[i]
            i += 1
            guard t.kind == .keyword, ["FROM", "JOIN", "UPDATE", "INTO"].contains(t.text.uppercased()) else { continue }
            let list = t.isKeyword("FROM")
            while i < tokens.count, let table = name(tokens[i]) {
                i += 1
                // schema.table names the table.
                var shown = table
                if i + 1 < tokens.count, tokens[i].text == ".", let inner = name(tokens[i + 1]) { shown = inner; i += 2 }
                if !tables.contains(shown) { tables.append(shown) }
                aliases[shown.lowercased()] = shown
                if i < tokens.count, tokens[i].isKeyword("AS") { i += 1 }
                if i < tokens.count, let alias = name(tokens[i]) {
                    aliases[alias.lowercased()] = shown
                    i += 1
                }
                guard list, i < tokens.count, tokens[i].text == "," else { break }
                i += 1
            }
        }
    }

    /// The table an alias or table name stands for (nil when the statement names no such thing).
    package func table(named alias: String) -> String? { aliases[alias.lowercased()] }
}
