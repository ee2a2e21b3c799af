import Foundation
import Synchronization
import ToonCore
internal import ToonStorage

/// Policy hooks, rate limits and an audit log around the key-value API
/// (README.md, "Policy hooks, rate limits and audit"). Reads and writes made through the engine's ``put(_:_:context:)``,
/// ``get(_:context:)`` and ``delete(_:context:)`` pass its checks; the
/// database's own methods do not (the engine guards a door, not the house).
///
/// ```swift
/// let policy = PolicyEngine(db)
/// try policy.beforeWrite("system/*") { key, value, ctx in ctx["agent_id"] != nil ? .deny : .allow }
/// try policy.addRateLimit(.write, maxPerMinute: 100, scope: "agent_id")
/// policy.enableAudit()
/// try policy.put("users/alice", "data", context: ["agent_id": "agent_001"])
/// ```
///
/// Each operation is decided in this order:
/// 1. rate limits: every limit on the operation takes one token from the
///    bucket of the context's value for its scope key (contexts without
///    that key share one bucket); an empty bucket refuses with `rateLimited`
///    and takes no token from the others;
/// 2. hooks whose pattern (``GlobPattern``) matches the key, in the order
///    they were added: `.deny` stops with `policyDenied`, `.replace(v)` hands
///    `v` to the next hook and to the operation, `.allow` passes on. A hook
///    that throws refuses the operation with its error;
/// 3. the operation itself; with the audit enabled, its entry is written in
///    the same write batch as a put or delete, so a write and its audit entry
///    are durable together.
public final class PolicyEngine: @unchecked Sendable {
    /// A hook: the key, the value (written, read, or about to be deleted;
    /// nil for a delete of a missing key), and the caller's context.
    public typealias Hook = @Sendable (_ key: String, _ value: [UInt8]?, _ context: [String: String]) throws -> PolicyAction

    /// The database governed.
    public let database: Database
    private let clock: @Sendable () -> Double
    private let state = Mutex(State())

    private struct State {
        var hooks: [PolicyOperation: [(GlobPattern, Hook)]] = [:]
        var limits: [PolicyOperation: [(scope: String, perMinute: Int)]] = [:]
        /// Buckets by operation, limit index and scope value.
        var buckets: [BucketID: TokenBucket] = [:]
        var audit = false
    }

    private struct BucketID: Hashable {
        var operation: PolicyOperation
        var limit: Int
        var scopeValue: String?
    }

    /// A policy engine for `db` with no hooks, no limits and the audit off.
    /// `clock` gives monotonic seconds for the rate limits (tests pass their own).
    public init(_ db: Database, clock: @escaping @Sendable () -> Double = PolicyEngine.monotonicSeconds) {
        self.database = db
        self.clock = clock
    }

    /// Seconds from an arbitrary origin, never going backwards.
    public static let monotonicSeconds: @Sendable () -> Double = {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    // MARK: Configuration

    /// Adds a hook run before a put of a key matching `pattern`; `invalidArgument` for a malformed pattern.
    public func beforeWrite(_ pattern: String, _ hook: @escaping Hook) throws {
        try addHook(.write, pattern, hook)
    }

    /// Adds a hook run after a get of an existing key matching `pattern`.
    public func afterRead(_ pattern: String, _ hook: @escaping Hook) throws {
        try addHook(.read, pattern, hook)
    }

    /// Adds a hook run before a delete of a key matching `pattern` (`.replace` acts as `.allow`).
    public func beforeDelete(_ pattern: String, _ hook: @escaping Hook) throws {
        try addHook(.delete, pattern, hook)
    }

    private func addHook(_ op: PolicyOperation, _ pattern: String, _ hook: @escaping Hook) throws {
        let glob = try GlobPattern(pattern)
        state.withLock { $0.hooks[op, default: []].append((glob, hook)) }
    }

    /// Limits `operation` to `maxPerMinute` per value of the context key
    /// `scope` (a token bucket holding `maxPerMinute` tokens, refilled evenly
    /// over a minute). `invalidArgument` unless `maxPerMinute` is positive and `scope` non-empty.
    public func addRateLimit(_ operation: PolicyOperation, maxPerMinute: Int, scope: String) throws {
        guard maxPerMinute > 0, !scope.isEmpty else {
            throw ToonDBError(.invalidArgument, "a rate limit needs a positive maxPerMinute (not \(maxPerMinute)) and a scope key",
                              remediation: "for example addRateLimit(.write, maxPerMinute: 100, scope: \"agent_id\")")
        }
        state.withLock { $0.limits[operation, default: []].append((scope, maxPerMinute)) }
    }

    /// Starts appending every decision to the audit log in the database.
    public func enableAudit() { state.withLock { $0.audit = true } }

    /// Stops appending to the audit log (what it holds stays).
    public func disableAudit() { state.withLock { $0.audit = false } }

    /// The last `limit` audit entries, oldest first (reads the whole log:
    /// for inspection, not hot paths). Entries of every engine on this database are included.
    public func auditLog(limit: Int = 100) throws -> [AuditEntry] {
        try AuditLog.policy.last(limit, engine: database.engine).map { try AuditEntry(micros: $0.micros, encoded: $0.value) }
    }

    // MARK: Governed operations

    /// Stores `value` under `key` if the limits and `beforeWrite` hooks allow
    /// (what is stored is the last replacement, if any); `rateLimited` or `policyDenied` otherwise.
    public func put(_ key: String, _ value: some ByteConvertible, context: [String: String] = [:]) throws {
        let k = Array(key.utf8)
        try KeyRules.checkKey(k)
        let (value, decision) = try decide(.write, key, value.toonBytes, context)
        try KeyRules.checkValue(value!)
        var batch = WriteBatch()
        batch.put(k, value!)
        try write(batch, .write, key, decision, context)
    }

    /// The value under `key` as the `afterRead` hooks let the caller see it
    /// (nil for a missing key; hooks run only for existing keys).
    public func get(_ key: String, context: [String: String] = [:]) throws -> [UInt8]? {
        let k = Array(key.utf8)
        try KeyRules.checkKey(k)
        try takeTokens(.read, key, context)
        guard let stored = try database.get(k) else {
            try write(WriteBatch(), .read, key, .allowed, context)
            return nil
        }
        let (value, decision) = try decide(.read, key, stored, context, limited: false)
        try write(WriteBatch(), .read, key, decision, context)
        return value
    }

    /// ``get(_:context:)`` as UTF-8 text.
    public func getString(_ key: String, context: [String: String] = [:]) throws -> String? {
        try get(key, context: context).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Removes `key` if the limits and `beforeDelete` hooks allow.
    public func delete(_ key: String, context: [String: String] = [:]) throws {
        let k = Array(key.utf8)
        try KeyRules.checkKey(k)
        try takeTokens(.delete, key, context)
        let (_, decision) = try decide(.delete, key, try database.get(k), context, limited: false)
        var batch = WriteBatch()
        batch.delete(k)
        try write(batch, .delete, key, decision, context)
    }

    // MARK: Deciding

    /// Applies limits (unless already taken) and hooks; returns the value to use and the decision.
    private func decide(_ op: PolicyOperation, _ key: String, _ value: [UInt8]?, _ context: [String: String],
                        limited: Bool = true) throws -> ([UInt8]?, AuditEntry.Decision) {
        if limited { try takeTokens(op, key, context) }
        let hooks = state.withLock { $0.hooks[op] ?? [] }
        var value = value
        var replaced = false
        for (glob, hook) in hooks where glob.matches(key) {
            let action: PolicyAction
            do { action = try hook(key, value, context) } catch {
                try audit(.init(op, key, .denied, context))
                throw error
            }
            switch action.kind {
            case .allow: continue
            case .deny:
                try audit(.init(op, key, .denied, context))
                throw ToonDBError(.policyDenied, "the policy for \"\(glob)\" denied the \(op.rawValue) of \"\(key)\""
                                      + (action.reason.map { ": \($0)" } ?? ""),
                                  remediation: "check the context given (\(context.keys.sorted().joined(separator: ", ")))")
            case .replace:
                if op != .delete {
                    value = action.replacement
                    replaced = true
                }
            }
        }
        return (value, replaced ? .replaced : .allowed)
    }

    /// Takes a token from every bucket limiting `op`, or none and throws `rateLimited`.
    private func takeTokens(_ op: PolicyOperation, _ key: String, _ context: [String: String]) throws {
        let now = clock()
        let refused: String? = state.withLock { s in
            guard let limits = s.limits[op], !limits.isEmpty else { return nil }
            var ids: [BucketID] = []
            for (i, limit) in limits.enumerated() {
                let id = BucketID(operation: op, limit: i, scopeValue: context[limit.scope])
                var bucket = s.buckets[id] ?? TokenBucket(perMinute: limit.perMinute, now: now)
                let ok = bucket.available(now: now)
                s.buckets[id] = bucket
                if !ok {
                    return "\(limit.scope)=\(context[limit.scope] ?? "(none)") exceeded \(limit.perMinute) \(op.rawValue)s per minute"
                }
                ids.append(id)
            }
            for id in ids { s.buckets[id]!.take() }
            if s.buckets.count > 10_000 {
                s.buckets = s.buckets.filter { _, b in var b = b; b.refill(now: now); return !b.isFull }
            }
            return nil
        }
        if let refused {
            try audit(.init(op, key, .rateLimited, context))
            throw ToonDBError(.rateLimited, "the \(op.rawValue) of \"\(key)\" was refused: \(refused)",
                              remediation: "wait and retry; tokens come back evenly over a minute")
        }
    }

    /// Writes `batch` with the audit entry of the decision when the audit is on.
    private func write(_ batch: WriteBatch, _ op: PolicyOperation, _ key: String, _ decision: AuditEntry.Decision,
                       _ context: [String: String]) throws {
        var batch = batch
        if state.withLock({ $0.audit }) {
            let (k, micros) = AuditLog.policy.nextKey()
            batch.put(k, AuditEntry(time: Date(timeIntervalSince1970: Double(micros) / 1e6), operation: op, key: key,
                                    decision: decision, context: context).encoded)
        }
        if !batch.isEmpty { try database.engine.write(batch) }
    }

    private func audit(_ entry: PendingEntry) throws {
        try write(WriteBatch(), entry.op, entry.key, entry.decision, entry.context)
    }

    private struct PendingEntry {
        var op: PolicyOperation, key: String, decision: AuditEntry.Decision, context: [String: String]
        init(_ op: PolicyOperation, _ key: String, _ decision: AuditEntry.Decision, _ context: [String: String]) {
            self.op = op; self.key = key; self.decision = decision; self.context = context
        }
    }
}
