import Foundation
import Testing
import ToonDB
import ToonHTTPAgents
import ToonTestSupport

/// The Swift examples of README.md's "Agent memory layer" section, copied
/// verbatim (indented into test functions) so they are compiled and run
/// with the tests; `examplesMatchTheReadme` fails when the two drift apart.
@Suite struct ReadmeExamplesTests {
    @Test func graphExample() throws {
        let dir = TemporaryDirectory("readme-graph")
        let db = try Database.open(dir.path)
        // README block 1:
        let graph = GraphOverlay(db, namespace: "agent_memory")
        try graph.addNode("user_alice", type: "person", properties: ["name": "Alice"])
        try graph.addNode("conv_123", type: "conversation")
        try graph.addNode("action_456", type: "action")
        try graph.addEdge("user_alice", "started", "conv_123", properties: ["timestamp": "2026-01-05"])
        try graph.addEdge("conv_123", "led_to", "action_456")

        let started = try graph.getEdges("user_alice", edgeType: "started", direction: .outgoing)
        let around = try graph.neighbors("conv_123", direction: .both)       // ["action_456", "user_alice"]
        let reached = try graph.bfs("user_alice", maxDepth: 3)              // ["user_alice", "conv_123", "action_456"]
        let owned = try graph.dfs("user_alice", maxDepth: 2, edgeFilter: { $0.edgeType == "owns" })
        let path = try graph.shortestPath("user_alice", "action_456")       // node ids, nil if none
        let part = try graph.subgraph(["user_alice", "conv_123"])           // nodes and the edges between them
        try graph.deleteNode("conv_123")                                      // removes its edges too
        #expect(started.count == 1)
        #expect(around == ["action_456", "user_alice"])
        #expect(reached == ["user_alice", "conv_123", "action_456"])
        #expect(owned == ["user_alice"])
        #expect(path == ["user_alice", "conv_123", "action_456"])
        #expect(part.nodes.count == 2 && part.edges.count == 1)
        #expect(try graph.neighbors("user_alice").isEmpty)
    }

    @Test func policyExample() throws {
        let dir = TemporaryDirectory("readme-policy")
        let db = try Database.open(dir.path)
        // README block 2:
        let policy = PolicyEngine(db)
        try policy.beforeWrite("system/*") { key, value, ctx in ctx["agent_id"] != nil ? .deny : .allow }
        try policy.afterRead("users/*/email") { key, value, ctx in ctx["redact_pii"] != nil ? .replace("[REDACTED]") : .allow }
        try policy.beforeDelete("audit/**") { key, value, ctx in .deny("audit records are kept") }
        try policy.addRateLimit(.write, maxPerMinute: 100, scope: "agent_id")
        policy.enableAudit()

        try policy.put("users/alice/email", "alice@example.com", context: ["agent_id": "agent_001"])
        let shown = try policy.getString("users/alice/email", context: ["redact_pii": "1"])   // "[REDACTED]"
        do {
            try policy.put("system/config", "x", context: ["agent_id": "agent_001"])
        } catch let e as ToonDBError where e.code == .policyDenied {
            print(e.message)
        }
        for entry in try policy.auditLog(limit: 10) {
            print(entry.time, entry.operation, entry.key, entry.decision, entry.context)
        }
        #expect(shown == "[REDACTED]")
        #expect(try db.get("system/config") == nil)
        #expect(try policy.auditLog(limit: 10).map(\.decision) == [.allowed, .replaced, .denied])
    }

    @Test func toolExample() async throws {
        let dir = TemporaryDirectory("readme-tools")
        let db = try Database.open(dir.path)
        // README block 3:
        let dispatcher = ToolDispatcher(db, remoteTransport: HTTPAgentTransport())
        dispatcher.registerLocalAgent("code_agent", capabilities: [.code, .git]) { tool, args in
            ["tool": .string(tool), "matches": ["Sources/Auth.swift"]]
        }
        try dispatcher.registerRemoteAgent("search_agent", capabilities: [.search],
                                           endpoint: URL(string: "http://127.0.0.1:8001/invoke")!,
                                           timeout: .seconds(5))
        dispatcher.registerTool(name: "search_code", description: "Search codebase", category: .code)
        let r = try await dispatcher.invoke("search_code", ["query": "auth"], sessionID: "sess_001",
                                            strategy: .priority)  // .roundRobin, .fastest, .leastLoaded
        print(r.agentID, r.success, r.output, r.attempts)
        let recent = try dispatcher.invocations(limit: 20)
        #expect(r.success && r.agentID == "code_agent")
        #expect(recent.count == 1)
    }

    @Test func triggerExample() throws {
        let dir = TemporaryDirectory("readme-triggers")
        let db = try Database.open(dir.path)
        // README block 4:
        try db.executeSQL("CREATE TABLE accounts (id INTEGER PRIMARY KEY, email TEXT NOT NULL, balance INTEGER)")
        let plugins = PluginRegistry(db)
        try plugins.before(.insert, on: "accounts", name: "lowercase_email") { change in
            var row = change.new!
            if case .text(let email)? = row["email"] { row["email"] = .text(email.lowercased()) }
            return row                                        // nil keeps the row unchanged
        }
        try plugins.before(.update, on: "accounts", name: "no_overdraft") { change in
            if case .integer(let b)? = change.new?["balance"], b < 0 {
                throw ToonDBError(.constraintViolation, "balance of account \(change.old!["id"]!) would be \(b)")
            }
            return nil
        }
        try plugins.after(.delete, on: "accounts", name: "log_delete") { change in print("deleted", change.old!.values) }
        try plugins.onBatch(on: "accounts", name: "count") { batch in print(batch.event, batch.rowCount) }
        try db.executeSQL("INSERT INTO accounts (email, balance) VALUES ('Alice@Example.COM', 10)")
        #expect(try db.executeSQL("SELECT email FROM accounts").values == [[.text("alice@example.com")]])
        #expect(throws: ToonDBError.self) { try db.executeSQL("UPDATE accounts SET balance = -5") }
    }

    /// Every ```swift block of the README section appears in this file, each
    /// line indented by 8 spaces (blank lines stay blank).
    @Test func examplesMatchTheReadme() throws {
        let here = URL(fileURLWithPath: #filePath)
        let root = here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let source = try String(contentsOf: here, encoding: .utf8)
        guard let start = readme.range(of: "## Agent memory layer\n") else {
            Issue.record("README.md has no \"## Agent memory layer\" section")
            return
        }
        let rest = readme[start.upperBound...]
        let section = rest.range(of: "\n## ").map { rest[..<$0.lowerBound] } ?? rest
        let blocks = section.components(separatedBy: "```swift\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
        #expect(blocks.count == 4, "the section's swift blocks")
        for block in blocks {
            let indented = block.split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.isEmpty ? "" : "        " + $0 }.joined(separator: "\n")
            #expect(source.contains(indented), "README block not copied verbatim here:\n\(block)")
        }
    }
}
