import ToonDB
import ToonSQL

/// `.parameter`: values for the parameters of the SQL statements typed in
/// the console, kept by name as sqlite3's shell keeps them.
extension CommandSession {
    func parameter(_ command: DotCommand, _ words: [String]) throws {
        switch words.first {
        case "set":
            try expectArguments(command, words, 3...3)
            try Self.checkParameterName(words[1])
            parameters[words[1]] = value(ofExpression: words[2])
        case "unset":
            try expectArguments(command, words, 2...2)
            parameters[words[1]] = nil
        case "list":
            try expectArguments(command, words, 1...1)
            guard !parameters.isEmpty else { return }
            let rows = parameters.sorted { $0.key < $1.key }.map { SQLRow(columns: ["name", "value"], values: [.text($0.key), $0.value]) }
            write(SQLQueryResult(columns: ["name", "value"], rows: rows).rendered(as: mode))
        case "clear":
            try expectArguments(command, words, 1...1)
            parameters = [:]
        default:
            throw ToonDBError(.invalidArgument, ".parameter takes set, list, unset or clear",
                              remediation: "usage: \(command.usages.joined(separator: " or "))")
        }
    }

    /// The arguments for one statement: the kept value of each of its
    /// parameters, NULL for those without one.
    func arguments(for statement: String) -> SQLArguments {
        guard let parsed = try? ParsedStatement(statement), !parsed.parameterNames.isEmpty else { return SQLArguments() }
        return SQLArguments(Dictionary(uniqueKeysWithValues: parsed.parameterNames.enumerated().map { i, name in
            let key = name ?? "?\(i + 1)"
            return (key, parameters[key] ?? .null)
        }))
    }

    /// `:name`, `@name`, `$name` or `?NNN`.
    static func checkParameterName(_ name: String) throws {
        let rest = name.dropFirst()
        let valid: Bool
        switch name.first {
        case "?": valid = Int(rest).map { $0 >= 1 } ?? false
        case ":", "@", "$": valid = !rest.isEmpty && rest.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "$" }
        default: valid = false
        }
        guard valid else {
            throw ToonDBError(.invalidArgument, "\(name) is not a parameter name", remediation: "write it as in SQL: :name, @name, $name or ?NNN")
        }
    }

    /// The value of the SQL expression `text`, or `text` itself when it is
    /// not one (sqlite3 keeps such values as text).
    private func value(ofExpression text: String) -> SQLValue {
        guard let result = try? source.executeSQL("SELECT (\(text))"), result.rows.count == 1,
              result.columns.count == 1 else { return .text(text) }
        return result.rows[0][0]
    }
}
