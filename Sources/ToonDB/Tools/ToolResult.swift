import ToonCore

/// The outcome of ``ToolDispatcher/invoke(_:_:sessionID:strategy:)``.
public struct ToolResult: Sendable, Equatable {
    /// The tool invoked.
    public var toolName: String
    /// The agent that answered (when ``success``), else the last one tried.
    public var agentID: String
    /// Whether an agent answered without error.
    public var success: Bool
    /// What the agent returned (`.null` on failure).
    public var output: Value
    /// The error of each failed attempt, in order, as "agent: message".
    public var errors: [String]
    /// Agents tried, the successful one included.
    public var attempts: Int
    /// Wall time of the whole invocation, failovers included, in seconds.
    public var latency: Double
}
