import ToonSQL

/// The statements a trigger fires for.
public enum TriggerEvent: String, Sendable, Equatable, CaseIterable {
    /// INSERT (and REPLACE) statements.
    case insert = "INSERT"
    /// UPDATE statements.
    case update = "UPDATE"
    /// DELETE statements.
    case delete = "DELETE"

    init(_ e: SQLRowEvent) {
        switch e {
        case .insert: self = .insert
        case .update: self = .update
        case .delete: self = .delete
        }
    }
}
