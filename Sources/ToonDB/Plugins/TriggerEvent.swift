import ToonSQL

/// The statements a trigger fires for.
public enum TriggerEvent: String, Sendable, Equatable, CaseIterable {
    case insert = "INSERT", update = "UPDATE", delete = "DELETE"

    init(_ e: SQLRowEvent) {
        switch e {
        case .insert: self = .insert
        case .update: self = .update
        case .delete: self = .delete
        }
    }
}
