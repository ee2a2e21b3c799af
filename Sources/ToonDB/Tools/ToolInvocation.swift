import Foundation
import ToonCore

/// One recorded invocation, as ``ToolDispatcher/invocations(limit:)`` reads
/// it back from the database (FORMAT.md §8.2).
public struct ToolInvocation: Sendable, Equatable {
    /// When it finished (microsecond precision).
    public var time: Date
    /// The tool invoked.
    public var toolName: String
    /// The agent that answered, or the last one tried.
    public var agentID: String
    /// The session given, if any.
    public var sessionID: String?
    /// The strategy used.
    public var strategy: RoutingStrategy
    /// Whether it succeeded.
    public var success: Bool
    /// Agents tried.
    public var attempts: Int
    /// Wall time in seconds.
    public var latency: Double
    /// The errors of the failed attempts.
    public var errors: [String]

    var encoded: [UInt8] {
        let v: Value = ["tool": .string(toolName), "agent": .string(agentID),
                        "session": sessionID.map(Value.string) ?? .null, "strategy": .string(strategy.rawValue),
                        "success": .bool(success), "attempts": .int(Int64(attempts)), "latency": .double(latency),
                        "errors": .array(errors.map(Value.string))]
        return v.binaryEncoded
    }

    init(micros: Int64, encoded: [UInt8]) throws {
        let v = try Value(binary: encoded)
        guard let tool = v["tool"]?.stringValue, let agent = v["agent"]?.stringValue,
              let strategy = v["strategy"]?.stringValue.flatMap(RoutingStrategy.init(rawValue:)),
              let success = v["success"]?.boolValue, let attempts = v["attempts"]?.intValue,
              let latency = v["latency"]?.doubleValue, let errors = v["errors"]?.arrayValue
        else {
            throw ToonDBError(.corruption, "a tool invocation record is damaged", remediation: "restore the database from a backup")
        }
        self.init(time: Date(timeIntervalSince1970: Double(micros) / 1e6), toolName: tool, agentID: agent,
                  sessionID: v["session"]?.stringValue, strategy: strategy, success: success,
                  attempts: Int(attempts), latency: latency, errors: errors.map { $0.stringValue ?? "" })
    }

    init(time: Date, toolName: String, agentID: String, sessionID: String?, strategy: RoutingStrategy,
         success: Bool, attempts: Int, latency: Double, errors: [String]) {
        self.time = time
        self.toolName = toolName
        self.agentID = agentID
        self.sessionID = sessionID
        self.strategy = strategy
        self.success = success
        self.attempts = attempts
        self.latency = latency
        self.errors = errors
    }
}
