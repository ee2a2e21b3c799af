import Foundation
import Synchronization
import Testing
import ToonDB
import ToonTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// Tool routing (README.md, "Tool routing"): strategies, failover, affinity, timeouts, and
/// remote agents over real HTTP on 127.0.0.1.
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

    // No wall-clock bound inside: other suites' synchronous tests can hold the
    // test process's few cooperative threads (and so every timer) for a minute.
    // The time limit only catches a real hang.
    @Test(.timeLimit(.minutes(5))) func remoteAgentsOverHTTP() async throws {
        let server = try ToolAgentServer()
        let dir = TemporaryDirectory("tools-http")
        let db = try Database.open(dir.path)
        let d = ToolDispatcher(db)
        try d.registerRemoteAgent("failing", capabilities: [.search], endpoint: server.url("/fail"), priority: 3)
        try d.registerRemoteAgent("hanging", capabilities: [.search], endpoint: server.url("/hang"), priority: 2,
                                  timeout: .milliseconds(500))
        try d.registerRemoteAgent("search_agent", capabilities: [.search], endpoint: server.url("/ok/search_agent"), priority: 1)
        d.registerTool(name: "web_search", description: "Search the web", category: .search)
        let r = try await d.invoke("web_search", ["query": "swift \"json\" ünïcode", "n": 3], sessionID: "sess_9")
        #expect(r.success)
        #expect(r.agentID == "search_agent")
        #expect(r.attempts == 3)
        #expect(r.output == ["agent": "search_agent", "tool": "web_search",
                             "args": ["query": "swift \"json\" ünïcode", "n": 3], "session_id": "sess_9"])
        #expect(r.errors.count == 2)
        #expect(r.errors[0].contains("HTTP 500"))
        #expect(r.errors[1].contains("timed out"))
        // Chunked answers are read.
        try d.registerRemoteAgent("chunky", capabilities: [.web], endpoint: server.url("/chunked"))
        d.registerTool(name: "fetch", description: "", category: .web)
        #expect(try await d.invoke("fetch").output == ["chunked": true])
        #expect(try d.invocations().count == 2)
    }

    // No wall-clock bound inside: other suites' synchronous tests can hold the
    // test process's few cooperative threads (and so every timer) for a minute.
    // The time limit only catches a real hang.
    @Test(.timeLimit(.minutes(5))) func unreachableAndInvalidEndpoints() async throws {
        let dir = TemporaryDirectory("tools-unreach")
        let db = try Database.open(dir.path)
        let d = ToolDispatcher(db)
        // A port nobody listens on: bind one, then close it.
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        let port = Int(UInt16(bigEndian: addr.sin_port))
        close(fd)
        try d.registerRemoteAgent("gone", capabilities: [.search], endpoint: URL(string: "http://127.0.0.1:\(port)/invoke")!,
                                  timeout: .seconds(5))
        d.registerTool(name: "s", description: "", category: .search)
        let r = try await d.invoke("s")
        #expect(!r.success)
        #expect(r.errors.first?.contains("cannot connect to http://127.0.0.1:\(port)/invoke") == true)
        for bad in ["https://example.com/x", "ftp://h/x", "file:///tmp/x"] {
            let e = #expect(throws: ToonDBError.self) {
                try d.registerRemoteAgent("bad", capabilities: [.search], endpoint: URL(string: bad)!)
            }
            #expect(e?.code == .invalidArgument)
        }
    }
}
