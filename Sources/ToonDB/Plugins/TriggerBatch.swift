/// What an ON BATCH trigger is told once per statement.
public struct TriggerBatch: Sendable, Equatable {
    /// The table, as it was created.
    public var table: String
    /// The statement's kind.
    public var event: TriggerEvent
    /// Rows the statement changed (0 included).
    public var rowCount: Int
}
