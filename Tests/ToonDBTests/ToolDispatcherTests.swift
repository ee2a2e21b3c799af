import Foundation
import Synchronization
import Testing
import ToonDB
import ToonTestSupport

/// Tool routing (README.md, "Tool routing"): strategies, failover, affinity, timeouts, and
/// the refusal of remote agents without a transport (ToonHTTPAgentsTests has them over real HTTP).
@Suite struct ToolDispatcherTests {
    struct Failure: Error, CustomStringConvertible {
        var description: String { "agent failure" }
    }

    func echo(_ name: String) -> ToolDispatcher.Handler {
        { tool, args in ["agent": .string(name), "tool": .string(tool), "args": args] }
    }

    @Test func priorityFailoverAndRecording() async throws {
        let dir = TemporaryDirectory("tools")
        do {
            let db = try Database.open(dir.path)
            let d = ToolDispatcher(db)
            d.registerLocalAgent("low", capabilities: [.code], priority: 1, handler: echo("low"))
            d.registerLocalAgent("high", capabilities: [.code, .git], priority: 5) { _, _ in throw Failure() }
            d.registerLocalAgent("searcher", capabilities: [.search], priority: 9, handler: echo("searcher"))
            d.registerTool(name: "search_code", description: "Search codebase", category: .code)
            let r = try await d.invoke("search_code", ["query": "auth"], sessionID: "sess_001")
            #expect(r.success)
            #expect(r.agentID == "low")
            #expect(r.attempts == 2)
            #expect(r.errors == ["high: agent failure"])
            #expect(r.output == ["agent": "low", "tool": "search_code", "args": ["query": "auth"]])
            // All capable agents failing: a result saying so, not a throw.
            d.registerLocalAgent("low", capabilities: [.code], priority: 1) { _, _ in throw ToonDBError(.ioError, "disk") }
            let bad = try await d.invoke("search_code", [:])
            #expect(!bad.success && bad.attempts == 2 && bad.output == .null)
            // Unknown tools and tools nobody can run are notFound.
            await #expect(throws: ToonDBError.self) { try await d.invoke("nope", [:]) }
            d.registerTool(name: "send_mail", description: "", category: .email)
            let e = await #expect(throws: ToonDBError.self) { try await d.invoke("send_mail", [:]) }
            #expect(e?.code == .notFound)
            #expect(e?.message.contains("send_mail") == true)
            let log = try d.invocations()
            #expect(log.map(\.success) == [true, false])
            #expect(log[0].agentID == "low" && log[0].sessionID == "sess_001" && log[0].attempts == 2 && log[0].toolName == "search_code")
            try db.close()
        }
        let db = try Database.open(dir.path)
        #expect(try ToolDispatcher(db).invocations(limit: 1).map(\.success) == [false])
    }

    @Test func roundRobinFastestLeastLoadedAndAffinity() async throws {
        let dir = TemporaryDirectory("tools-strat")
        let db = try Database.open(dir.path)
        let d = ToolDispatcher(db)
        for name in ["a", "b", "c"] { d.registerLocalAgent(name, capabilities: [.search], handler: echo(name)) }
        d.registerTool(name: "find", description: "", category: .search)
        var seen: [String] = []
        for _ in 0..<6 { seen.append(try await d.invoke("find", strategy: .roundRobin).agentID) }
        #expect(seen == ["a", "b", "c", "a", "b", "c"])

        // fastest: after each agent is measured once, the quick one wins.
        let f = ToolDispatcher(db)
        f.registerLocalAgent("slow", capabilities: [.search]) { _, _ in try await Task.sleep(for: .milliseconds(60)); return "slow" }
        f.registerLocalAgent("quick", capabilities: [.search]) { _, _ in "quick" }
        f.registerTool(name: "find", description: "", category: .search)
        var first: Set<String> = []
        for _ in 0..<2 { first.insert(try await f.invoke("find", strategy: .fastest).agentID) }
        #expect(first == ["slow", "quick"])                       // unmeasured agents go first
        // Then the agent with the lowest mean so far wins each call. (Which one that
        // is depends on the machine: other suites can delay any call by seconds.)
        for _ in 0..<3 {
            let means = try ["slow", "quick"].map { ($0, try #require(f.meanLatency(of: $0))) }
            let expected = means.min { $0.1 < $1.1 }!.0
            #expect(try await f.invoke("find", strategy: .fastest).agentID == expected)
        }

        // leastLoaded: while "busy" holds a call, the next goes to "idle".
        let l = ToolDispatcher(db)
        let gate = Mutex<Bool>(false)
        l.registerLocalAgent("busy", capabilities: [.search], priority: 9) { _, _ in
            while !gate.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(5)) }
            return "busy"
        }
        l.registerLocalAgent("idle", capabilities: [.search], priority: 1, handler: echo("idle"))
        l.registerTool(name: "find", description: "", category: .search)
        async let held = l.invoke("find", strategy: .leastLoaded)
        try await Task.sleep(for: .milliseconds(100))
        #expect(try await l.invoke("find", strategy: .leastLoaded).agentID == "idle")
        gate.withLock { $0 = true }
        #expect(try await held.agentID == "busy")

        // Affinity: a session sticks to the agent that last served it.
        let s = ToolDispatcher(db)
        s.registerLocalAgent("x", capabilities: [.search], priority: 1, handler: echo("x"))
        s.registerLocalAgent("y", capabilities: [.search], priority: 2, handler: echo("y"))
        s.registerTool(name: "find", description: "", category: .search)
        #expect(try await s.invoke("find", sessionID: "s1", strategy: .roundRobin).agentID == "x")
        for _ in 0..<3 { #expect(try await s.invoke("find", sessionID: "s1", strategy: .priority).agentID == "x") }
        #expect(try await s.invoke("find", sessionID: "s2", strategy: .priority).agentID == "y")
        s.unregisterAgent("x")
        #expect(try await s.invoke("find", sessionID: "s1").agentID == "y")
    }

    // No wall-clock bound inside: other suites' synchronous tests can hold the
    // test process's few cooperative threads (and so every timer) for a minute.
    // The time limit only catches a real hang.
    @Test(.timeLimit(.minutes(5))) func aHangingLocalAgentTimesOut() async throws {
        let dir = TemporaryDirectory("tools-hang")
        let db = try Database.open(dir.path)
        let d = ToolDispatcher(db)
        d.registerLocalAgent("stuck", capabilities: [.code], priority: 2, timeout: .milliseconds(200)) { _, _ in
            // Ignores cancellation on purpose (without blocking a thread): the caller still gets on after 0.2 s.
            for _ in 0..<60 { try? await Task.sleep(for: .seconds(1)) }
            return .null
        }
        d.registerLocalAgent("ok", capabilities: [.code], priority: 1, handler: echo("ok"))
        d.registerTool(name: "t", description: "", category: .code)
        let r = try await d.invoke("t")
        #expect(r.success && r.agentID == "ok")
        #expect(r.errors.first?.contains("timed out") == true)
    }

    /// ToonDB links no HTTP client: a dispatcher made without a transport
    /// refuses remote agents, saying what to import; bad endpoints are refused first.
    @Test func remoteAgentsNeedATransport() async throws {
        let dir = TemporaryDirectory("tools-no-transport")
        let d = ToolDispatcher(try Database.open(dir.path))
        for good in ["http://127.0.0.1:8001/invoke", "https://agents.example.com/invoke", "HTTPS://h:1/"] {
            let e = #expect(throws: ToonDBError.self) {
                try d.registerRemoteAgent("remote", capabilities: [.search], endpoint: URL(string: good)!)
            }
            #expect(e?.code == .unavailable)
            #expect(e?.message == "this ToolDispatcher has no transport for remote agents, so it cannot reach \(good): ToonDB itself links no HTTP client")
            #expect(e?.remediation?.contains("import ToonHTTPAgents") == true)
        }
        for bad in ["ftp://h/x", "file:///tmp/x", "http:///x", "mailto:a@b", "relative/path"] {
            let e = #expect(throws: ToonDBError.self) {
                try d.registerRemoteAgent("bad", capabilities: [.search], endpoint: URL(string: bad)!)
            }
            #expect(e?.code == .invalidArgument)
            #expect(e?.message == "the endpoint \(bad) is not an http:// or https:// URL with a host")
        }
        // Nothing was registered: a tool of that category has no agent.
        d.registerTool(name: "s", description: "", category: .search)
        let e = await #expect(throws: ToonDBError.self) { try await d.invoke("s") }
        #expect(e?.code == .notFound)
    }
}
