import ToonSQL

/// The row change a trigger is called for.
public struct TriggerChange: Sendable, Equatable {
    /// The table, as it was created.
    public var table: String
    /// INSERT, UPDATE or DELETE.
    public var event: TriggerEvent
    /// The row before the change (UPDATE, DELETE).
    public var old: TriggerRow?
    /// The row after the change (INSERT, UPDATE).
    public var new: TriggerRow?
}
