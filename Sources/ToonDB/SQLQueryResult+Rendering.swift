import ToonFormat
import ToonSQL

extension SQLValue {
    /// The value as a document ``Value``: NULL → null, INTEGER → int, REAL → double,
    /// TEXT → string, BLOB → the string of its SQL literal `x'…'` (lower-case hex).
    public var documentValue: Value {
        switch self {
        case .null: return .null
        case .integer(let i): return .int(i)
        case .real(let d): return .double(d)
        case .text(let s): return .string(s)
        case .blob: return .string(description)
        }
    }
}

extension SQLQueryResult {
    /// The result as a ``ResultSet`` named `name`, ready for any ``ResultFormat``.
    public func resultSet(name: String = "result") -> ResultSet {
        ResultSet(columns: columns, rows: values.map { $0.map(\.documentValue) }, name: name)
    }

    /// The result as text in `format` (ending with a newline unless there are no columns).
    public func rendered(as format: ResultFormat, name: String = "result",
                         options: ResultSet.RenderOptions = ResultSet.RenderOptions()) -> String {
        resultSet(name: name).rendered(as: format, options: options)
    }
}
