import ToonFormat

/// The compact one-line TOON form of the original (README.md, "From Swift"), on `Database`
/// as the original offers it. The grammar and quoting rules are in ``ToonCompact``.
extension Database {
    /// `users[2]{name,email}:Alice,alice@example.com;Bob,bob@example.com`.
    ///
    /// ```swift
    /// Database.toToon("users", [["name": "Alice", "email": "alice@example.com"]], fields: ["name", "email"])
    /// ```
    public static func toToon(_ table: String, _ records: [[String: Value]], fields: [String]) -> String {
        ToonCompact.encode(table, records, fields: fields)
    }

    /// The compact form of ordered records (cells follow `fields`; other keys are left out).
    @_disfavoredOverload
    public static func toToon(_ table: String, _ records: [OrderedDictionary<String, Value>], fields: [String]) -> String {
        ToonCompact.encode(table, records, fields: fields)
    }

    /// Parses the compact form back into `(table, fields, records)`;
    /// `fromToon(toToon(t, r, fields: f))` gives back `t`, `f` and `r` for every finite `r`.
    /// - Throws: `invalidArgument` naming the column at fault.
    public static func fromToon(_ text: String) throws -> (table: String, fields: [String], records: [OrderedDictionary<String, Value>]) {
        try ToonCompact.decode(text)
    }
}
