import Foundation
import ToonCore

/// One decision of a ``PolicyEngine``, as kept in the audit log.
public struct AuditEntry: Sendable, Equatable {
    /// What the engine decided.
    public enum Decision: String, Sendable, Equatable {
        /// Let through unchanged.
        case allowed
        /// Let through with the value replaced by a hook.
        case replaced
        /// Refused by a hook (`policyDenied`).
        case denied
        /// Refused by a rate limit (`rateLimited`).
        case rateLimited
    }

    /// When the decision was made (microsecond precision).
    public var time: Date
    /// The operation asked for.
    public var operation: PolicyOperation
    /// The key it concerned.
    public var key: String
    /// What was decided.
    public var decision: Decision
    /// The context the caller gave.
    public var context: [String: String]

    /// The stored form (FORMAT.md §8.2): a §8.3 object.
    var encoded: [UInt8] {
        var ctx = OrderedDictionary<String, Value>()
        for k in context.keys.sorted() { ctx[k] = .string(context[k]!) }
        let v: Value = ["op": .string(operation.rawValue), "key": .string(key),
                        "decision": .string(decision.rawValue), "context": .object(ctx)]
        return v.binaryEncoded
    }

    /// Decodes a stored entry made at `micros` since 1970; `corruption` when damaged.
    init(micros: Int64, encoded: [UInt8]) throws {
        let v = try Value(binary: encoded)
        guard let op = v["op"]?.stringValue.flatMap(PolicyOperation.init(rawValue:)),
              let key = v["key"]?.stringValue,
              let decision = v["decision"]?.stringValue.flatMap(Decision.init(rawValue:)),
              let ctx = v["context"]?.objectValue
        else {
            throw ToonDBError(.corruption, "an audit log entry is damaged", remediation: "restore the database from a backup")
        }
        var context: [String: String] = [:]
        for (k, v) in ctx { context[k] = v.stringValue ?? "" }
        self.init(time: Date(timeIntervalSince1970: Double(micros) / 1e6), operation: op, key: key,
                  decision: decision, context: context)
    }

    /// Creates an entry.
    public init(time: Date, operation: PolicyOperation, key: String, decision: Decision, context: [String: String]) {
        self.time = time
        self.operation = operation
        self.key = key
        self.decision = decision
        self.context = context
    }
}
