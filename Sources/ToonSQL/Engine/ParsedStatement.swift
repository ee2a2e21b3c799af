import ToonCore

/// One statement of a script: its syntax tree, source text and parameters.
public struct ParsedStatement: Sendable {
    /// The syntax tree.
    public let statement: Statement
    /// The statement's source text (without the `;`).
    public let text: String
    /// Each parameter's name by number (index 0 is `?1`) as written
    /// (`:id`, `@id`, `$id`); nil for parameters written `?` or `?NNN`.
    public let parameterNames: [String?]

    /// Parses one statement's text.
    public init(_ text: String) throws {
        (statement, parameterNames) = try SQLParser.parseStatementAndParameters(text)
        self.text = text
    }

    /// Throws `invalidArgument` when the statement has parameters but is not
    /// one that takes them (see ``Statement/acceptsParameters``).
    package func checkParametersAllowed() throws {
        guard !parameterNames.isEmpty && !statement.acceptsParameters else { return }
        throw ToonDBError(.invalidArgument, "parameters are not allowed in this statement: \(text)",
                          remediation: "only SELECT, INSERT, UPDATE and DELETE take parameters; write schema statements with literal values")
    }
}

extension Statement {
    /// Whether the statement may have parameters: SELECT, INSERT, UPDATE,
    /// DELETE, and EXPLAIN of one of them.
    public var acceptsParameters: Bool {
        switch self {
        case .select, .insert, .update, .delete: return true
        case .explain(let inner): return inner.acceptsParameters
        default: return false
        }
    }
}
