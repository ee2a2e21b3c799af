import ToonCore

/// The values bound to a statement's parameters (toondb-sql(7), PARAMETERS):
/// positional, where the first value binds `?1`, or named, where a key binds
/// the parameters spelled with it (`"id"` binds `:id`, `@id` and `$id`; a
/// key with its prefix binds that spelling only; `"?3"` binds `?3`).
///
/// Write them as literals or variables of any ``SQLValueConvertible`` type:
///
/// ```swift
/// try db.executeSQL("INSERT INTO users VALUES (?, ?, ?)", arguments: [42, name, nil])
/// try db.executeSQL("SELECT * FROM users WHERE id = :id", arguments: ["id": 42])
/// ```
///
/// Every parameter needs a value and every value a parameter: anything else
/// is an `invalidArgument` error, and so is a parameter in a statement other
/// than SELECT, INSERT, UPDATE and DELETE. Values are bound as values, never
/// made part of the SQL text.
public struct SQLArguments: Sendable, Equatable {
    enum Storage: Sendable, Equatable {
        case positional([SQLValue])
        case named([String: SQLValue])
    }

    let storage: Storage

    /// No arguments.
    public init() { storage = .positional([]) }

    /// Positional arguments: `values[0]` binds `?1`.
    public init(_ values: [SQLValue]) { storage = .positional(values) }

    /// Named arguments, by parameter name with or without its prefix.
    public init(_ values: [String: SQLValue]) { storage = .named(values) }

    /// Whether there are no values.
    public var isEmpty: Bool {
        switch storage {
        case .positional(let v): return v.isEmpty
        case .named(let v): return v.isEmpty
        }
    }
}

extension SQLArguments: ExpressibleByArrayLiteral {
    /// Positional arguments written as a literal: `[42, "bob", nil]`.
    public init(arrayLiteral elements: (any SQLValueConvertible)?...) {
        self.init(elements.map { $0?.sqlValue ?? .null })
    }
}

extension SQLArguments: ExpressibleByDictionaryLiteral {
    /// Named arguments written as a literal: `["id": 42, "name": nil]`.
    public init(dictionaryLiteral elements: (String, (any SQLValueConvertible)?)...) {
        self.init(Dictionary(elements.map { ($0.0, $0.1?.sqlValue ?? .null) }, uniquingKeysWith: { _, last in last }))
    }
}

extension SQLArguments {
    /// The values of each statement's parameters (index 0 is `?1`), in order:
    /// positional values are taken statement after statement, named ones are
    /// shared. Throws `invalidArgument` unless every parameter gets a value
    /// and every value is used.
    package func bind(to statements: [ParsedStatement]) throws -> [[SQLValue]] {
        for s in statements { try s.checkParametersAllowed() }
        switch storage {
        case .positional(let values):
            let wanted = statements.reduce(0) { $0 + $1.parameterNames.count }
            guard wanted == values.count else {
                throw ToonDBError(.invalidArgument,
                                  "the SQL has \(wanted) parameter\(wanted == 1 ? "" : "s") but \(values.count) argument\(values.count == 1 ? " was" : "s were") given")
            }
            var next = 0
            return statements.map { s in
                defer { next += s.parameterNames.count }
                return Array(values[next..<(next + s.parameterNames.count)])
            }
        case .named(let values):
            var used = Set<String>()
            let bound = try statements.map { s in
                try s.parameterNames.enumerated().map { i, name in
                    let spelled = name ?? "?\(i + 1)"
                    let key = values[spelled] != nil ? spelled : String(spelled.dropFirst())
                    guard name != nil || key == spelled, let value = values[key] else {
                        throw ToonDBError(.invalidArgument, "no value for parameter \(spelled)",
                                          remediation: name == nil ? "pass positional arguments, or a value named \"\(spelled)\"" : nil)
                    }
                    used.insert(key)
                    return value
                }
            }
            if let unknown = values.keys.filter({ !used.contains($0) }).sorted().first {
                throw ToonDBError(.invalidArgument, "no parameter named \(unknown) in the SQL")
            }
            return bound
        }
    }
}
