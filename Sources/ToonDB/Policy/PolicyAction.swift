import ToonCore

/// What a policy hook decides: let the operation through, refuse it, or
/// replace the value (on ``PolicyEngine/beforeWrite(_:_:)`` what is stored,
/// on ``PolicyEngine/afterRead(_:_:)`` what the reader sees).
public struct PolicyAction: Sendable, Equatable {
    /// The kind of decision.
    public enum Kind: String, Sendable, Equatable {
        /// ``PolicyAction/allow``.
        case allow
        /// ``PolicyAction/deny``.
        case deny
        /// ``PolicyAction/replace(_:)``.
        case replace
    }

    /// The kind of decision.
    public let kind: Kind
    /// The replacement value of ``replace(_:)``.
    public let replacement: [UInt8]?
    /// Why a ``deny(_:)`` refused, shown in the error.
    public let reason: String?

    /// Let the operation through unchanged.
    public static let allow = PolicyAction(kind: .allow, replacement: nil, reason: nil)
    /// Refuse the operation (`policyDenied`).
    public static let deny = PolicyAction(kind: .deny, replacement: nil, reason: nil)

    /// Refuse the operation, saying why.
    public static func deny(_ reason: String) -> PolicyAction {
        PolicyAction(kind: .deny, replacement: nil, reason: reason)
    }

    /// Let the operation through with `value` in place of the one written or read.
    public static func replace(_ value: some ByteConvertible) -> PolicyAction {
        PolicyAction(kind: .replace, replacement: value.toonBytes, reason: nil)
    }
}
