import Foundation
import Synchronization
import Testing
import ToonDB
import ToonTestSupport

/// A clock the test moves by hand.
final class ManualClock: Sendable {
    private let now = Mutex<Double>(1000)
    func advance(_ seconds: Double) { now.withLock { $0 += seconds } }
    var read: @Sendable () -> Double { { [self] in now.withLock { $0 } } }
}

/// Policy hooks, globs, rate limits and the audit log (README.md, "Policy hooks, rate limits and audit").
@Suite struct PolicyTests {
    @Test func globs() throws {
        let cases: [(String, String, Bool)] = [
            ("system/*", "system/config", true), ("system/*", "system/a/b", false), ("system/*", "system", false),
            ("system/*", "system/", true), ("users/*/email", "users/alice/email", true),
            ("users/*/email", "users/a/b/email", false), ("users/*/email", "users/alice/phone", false),
            ("logs/**", "logs", true), ("logs/**", "logs/a", true), ("logs/**", "logs/a/b/c", true),
            ("logs/**", "logsx/a", false), ("**/secret", "secret", true), ("**/secret", "a/b/secret", true),
            ("**/secret", "a/b/secret/x", false), ("a/**/z", "a/z", true), ("a/**/z", "a/b/c/z", true),
            ("a/**/z", "a/b/c/y", false), ("tmp-*", "tmp-1", true), ("tmp-*", "tmp-", true), ("tmp-*", "tmpx", false),
            ("*.json", "x.json", true), ("*.json", "d/x.json", false), ("a*b*c", "aXbYc", true), ("a*b*c", "aXbY", false),
            ("**", "anything/at/all", true), ("**", "", true), ("exact", "exact", true), ("exact", "exact/", false),
        ]
        for (pattern, key, expected) in cases {
            #expect(try GlobPattern(pattern).matches(key) == expected, "\(pattern) vs \(key)")
        }
        for bad in ["", "***", "a/***", "a//b", "/a", "a/", "a**", "**b/c", "x/**y"] {
            let e = #expect(throws: ToonDBError.self, "\(bad)") { try GlobPattern(bad) }
            #expect(e?.code == .invalidArgument)
        }
    }

    @Test func hooksAllowDenyReplace() throws {
        let dir = TemporaryDirectory("policy")
        let db = try Database.open(dir.path)
        let policy = PolicyEngine(db)
        try policy.beforeWrite("system/*") { _, _, ctx in ctx["agent_id"] != nil ? .deny : .allow }
        try policy.afterRead("users/*/email") { _, _, ctx in ctx["redact_pii"] != nil ? .replace("[REDACTED]") : .allow }
        try policy.beforeWrite("users/*/name") { _, value, _ in .replace(String(decoding: value!, as: UTF8.self).uppercased()) }
        try policy.beforeDelete("keep/**") { _, _, _ in .deny("kept forever") }

        let denied = #expect(throws: ToonDBError.self) { try policy.put("system/config", "x", context: ["agent_id": "a1"]) }
        #expect(denied?.code == .policyDenied)
        #expect(denied?.message.contains("system/config") == true)
        #expect(try db.get("system/config") == nil)
        try policy.put("system/config", "x")                                   // no agent: allowed
        #expect(try db.getString("system/config") == "x")

        try policy.put("users/alice/email", "alice@example.com")
        #expect(try policy.getString("users/alice/email", context: ["redact_pii": "1"]) == "[REDACTED]")
        #expect(try policy.getString("users/alice/email") == "alice@example.com")
        #expect(try db.getString("users/alice/email") == "alice@example.com")  // stored unchanged
        #expect(try policy.get("users/bob/email", context: ["redact_pii": "1"]) == nil)

        try policy.put("users/alice/name", "alice")                           // beforeWrite replace: what is stored
        #expect(try db.getString("users/alice/name") == "ALICE")

        try policy.put("keep/a/b", "v")
        let kept = #expect(throws: ToonDBError.self) { try policy.delete("keep/a/b") }
        #expect(kept?.code == .policyDenied)
        #expect(kept?.message.contains("kept forever") == true)
        #expect(try db.getString("keep/a/b") == "v")
        try policy.delete("users/alice/name")
        #expect(try db.get("users/alice/name") == nil)

        #expect((#expect(throws: ToonDBError.self) { try policy.beforeWrite("a//b") { _, _, _ in .allow } })?.code == .invalidArgument)
        #expect((#expect(throws: ToonDBError.self) { try policy.afterRead("***") { _, _, _ in .allow } })?.code == .invalidArgument)
    }

    @Test func hooksRunInOrderAndAThrowingHookRefuses() throws {
        let dir = TemporaryDirectory("policy-order")
        let db = try Database.open(dir.path)
        let policy = PolicyEngine(db)
        try policy.beforeWrite("**") { _, v, _ in .replace(String(decoding: v!, as: UTF8.self) + "1") }
        try policy.beforeWrite("a/*") { _, v, _ in .replace(String(decoding: v!, as: UTF8.self) + "2") }
        try policy.put("a/x", "v")
        #expect(try db.getString("a/x") == "v12")
        try policy.beforeWrite("boom") { _, _, _ in throw ToonDBError(.invalidArgument, "no booms") }
        #expect((#expect(throws: ToonDBError.self) { try policy.put("boom", "v") })?.message == "no booms")
        #expect(try db.get("boom") == nil)
    }

    @Test func rateLimitsPerScope() throws {
        let dir = TemporaryDirectory("policy-rate")
        let db = try Database.open(dir.path)
        let clock = ManualClock()
        let policy = PolicyEngine(db, clock: clock.read)
        try policy.addRateLimit(.write, maxPerMinute: 3, scope: "agent_id")
        for i in 0..<3 { try policy.put("k\(i)", "v", context: ["agent_id": "a1"]) }
        let limited = #expect(throws: ToonDBError.self) { try policy.put("k3", "v", context: ["agent_id": "a1"]) }
        #expect(limited?.code == .rateLimited)
        #expect(limited?.message.contains("agent_id=a1") == true)
        #expect(try db.get("k3") == nil)
        try policy.put("k3", "v", context: ["agent_id": "a2"])                 // another bucket
        for _ in 0..<3 { try policy.put("anon", "v") }                           // unscoped callers share one bucket
        #expect(throws: ToonDBError.self) { try policy.put("anon", "v") }
        _ = try policy.get("k0", context: ["agent_id": "a1"])                       // reads are not limited
        clock.advance(20)                                                        // 20 s = one token back
        try policy.put("k4", "v", context: ["agent_id": "a1"])
        #expect(throws: ToonDBError.self) { try policy.put("k5", "v", context: ["agent_id": "a1"]) }
        clock.advance(600)                                                       // refills to capacity, not beyond
        for i in 0..<3 { try policy.put("m\(i)", "v", context: ["agent_id": "a1"]) }
        #expect(throws: ToonDBError.self) { try policy.put("m3", "v", context: ["agent_id": "a1"]) }
        for bad in [0, -5] {
            #expect((#expect(throws: ToonDBError.self) { try policy.addRateLimit(.read, maxPerMinute: bad, scope: "x") })?.code == .invalidArgument)
        }
    }

    @Test func auditLogRecordsEveryDecisionInOrderAndPersists() throws {
        let dir = TemporaryDirectory("policy-audit")
        do {
            let db = try Database.open(dir.path)
            let clock = ManualClock()
            let policy = PolicyEngine(db, clock: clock.read)
            try policy.beforeWrite("system/*") { _, _, ctx in ctx["agent_id"] != nil ? .deny : .allow }
            try policy.afterRead("secret") { _, _, _ in .replace("***") }
            try policy.addRateLimit(.delete, maxPerMinute: 1, scope: "agent_id")
            try policy.put("before-audit", "x")
            policy.enableAudit()
            try policy.put("users/alice", "data", context: ["agent_id": "agent_001"])
            _ = try? policy.put("system/x", "v", context: ["agent_id": "agent_001"])
            try policy.put("secret", "s")
            _ = try policy.get("secret", context: ["agent_id": "agent_002"])
            try policy.delete("users/alice", context: ["agent_id": "agent_001"])
            _ = try? policy.delete("secret", context: ["agent_id": "agent_001"])
            let log = try policy.auditLog(limit: 100)
            #expect(log.map(\.operation) == [.write, .write, .write, .read, .delete, .delete])
            #expect(log.map(\.key) == ["users/alice", "system/x", "secret", "secret", "users/alice", "secret"])
            #expect(log.map(\.decision) == [.allowed, .denied, .allowed, .replaced, .allowed, .rateLimited])
            #expect(log[0].context == ["agent_id": "agent_001"])
            #expect(zip(log, log.dropFirst()).allSatisfy { $0.time <= $1.time })
            #expect(abs(log[0].time.timeIntervalSinceNow) < 60)
            #expect(try policy.auditLog(limit: 2).map(\.key) == ["users/alice", "secret"])
            #expect(try policy.auditLog(limit: 0).isEmpty)
            #expect(throws: ToonDBError.self) { try policy.auditLog(limit: -1) }
            // The audit log is hidden from the user key space.
            #expect(try db.scan(from: "").toArray().map { String(decoding: $0.key, as: UTF8.self) } == ["before-audit", "secret"])
            try db.close()
        }
        let db = try Database.open(dir.path)
        #expect(try PolicyEngine(db).auditLog().count == 6)
    }
}
