import Foundation
import Synchronization
import ToonCore
internal import ToonStorage

/// Routes tool invocations to agents (README.md, "Tool routing"): local agents are Swift
/// closures, remote agents HTTP endpoints that receive a JSON `POST` through the
/// dispatcher's ``RemoteAgentTransport``.
///
/// ```swift
/// let dispatcher = ToolDispatcher(db)
/// dispatcher.registerLocalAgent("code_agent", capabilities: [.code, .git]) { tool, args in
///     ["matches": ["auth.swift"]]
/// }
/// dispatcher.registerTool(name: "search_code", description: "Search codebase", category: .code)
/// let r = try await dispatcher.invoke("search_code", ["query": "auth"], sessionID: "sess_001")
/// ```
///
/// A tool goes to the agents whose capabilities hold its category, in the
/// order of the ``RoutingStrategy``; an agent that throws, answers with a
/// non-2xx status or does not answer within its timeout is skipped for the
/// next (failover). The agent a session last succeeded with is tried first
/// while it stays able (affinity). Every invocation is recorded in the
/// database under `\0a/t/` and read back by ``invocations(limit:)``.
///
/// A remote agent receives `{"tool": name, "args": args, "session_id": id-or-null}`
/// and answers with a JSON value, which becomes ``ToolResult/output``. ToonDB links
/// no network stack: remote agents need a dispatcher made with a transport,
/// `ToolDispatcher(db, remoteTransport: HTTPAgentTransport())` of `import ToonHTTPAgents`.
public final class ToolDispatcher: @unchecked Sendable {
    /// A local agent: given the tool's name and arguments, returns its output.
    public typealias Handler = @Sendable (_ tool: String, _ args: Value) async throws -> Value

    /// The database the invocations are recorded in.
    public let database: Database
    private let transport: (any RemoteAgentTransport)?
    private let state = Mutex(State())

    /// The largest body a remote agent may answer with.
    static let maxResponseBytes = 64 << 20

    private enum Kind: Sendable {
        case local(Handler)
        case remote(URL, any RemoteAgentTransport)
    }

    private struct Agent: Sendable {
        var id: String
        var capabilities: Set<ToolCategory>
        var priority: Int
        var order: Int
        var timeout: Duration
        var kind: Kind
        var inFlight = 0
        var successes = 0
        var latencySum = 0.0
    }

    private struct ToolSpec: Sendable {
        var description: String
        var category: ToolCategory
    }

    private struct State {
        var agents: [String: Agent] = [:]
        var registrations = 0
        var tools: [String: ToolSpec] = [:]
        var cursors: [String: Int] = [:]
        var affinity: [String: String] = [:]
    }

    /// A dispatcher with no agents and no tools, recording into `db`, that
    /// reaches remote agents through `remoteTransport` (without one, only
    /// local agents can be registered).
    public init(_ db: Database, remoteTransport: (any RemoteAgentTransport)? = nil) {
        self.database = db
        self.transport = remoteTransport
    }

    /// Registers (or replaces) a local agent. `timeout` bounds each call of
    /// `handler`; a handler that ignores cancellation still stops holding up the caller then.
    public func registerLocalAgent(_ id: String, capabilities: [ToolCategory], priority: Int = 0,
                                   timeout: Duration = .seconds(30), handler: @escaping Handler) {
        add(id, capabilities, priority, timeout, .local(handler))
    }

    /// Registers (or replaces) a remote agent at an `http://` or `https://`
    /// endpoint; `invalidArgument` for any other URL, `unavailable` when the
    /// dispatcher was made without a ``RemoteAgentTransport``. `timeout` bounds
    /// each request, from connecting to the last byte of the answer.
    public func registerRemoteAgent(_ id: String, capabilities: [ToolCategory], endpoint: URL, priority: Int = 0,
                                    timeout: Duration = .seconds(30)) throws {
        guard let scheme = endpoint.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = endpoint.host, !host.isEmpty else {
            throw ToonDBError(.invalidArgument, "the endpoint \(endpoint.absoluteString) is not an http:// or https:// URL with a host",
                              remediation: "remote agents are reached over HTTP, e.g. http://127.0.0.1:8001/invoke")
        }
        guard let transport else {
            throw ToonDBError(.unavailable, "this ToolDispatcher has no transport for remote agents, so it cannot reach \(endpoint.absoluteString): ToonDB itself links no HTTP client",
                              remediation: "import ToonHTTPAgents (library product ToonHTTPAgents) and make the dispatcher with ToolDispatcher(db, remoteTransport: HTTPAgentTransport())")
        }
        add(id, capabilities, priority, timeout, .remote(endpoint, transport))
    }

    private func add(_ id: String, _ capabilities: [ToolCategory], _ priority: Int, _ timeout: Duration, _ kind: Kind) {
        state.withLock { s in
            s.registrations += 1
            s.agents[id] = Agent(id: id, capabilities: Set(capabilities), priority: priority,
                                 order: s.registrations, timeout: timeout, kind: kind)
        }
    }

    /// Removes an agent; returns whether it was registered.
    @discardableResult
    public func unregisterAgent(_ id: String) -> Bool {
        state.withLock { $0.agents.removeValue(forKey: id) != nil }
    }

    /// The mean seconds of an agent's successful calls so far (what `.fastest`
    /// ranks by), or nil when it has none or does not exist.
    public func meanLatency(of id: String) -> Double? {
        state.withLock { s in
            guard let a = s.agents[id], a.successes > 0 else { return nil }
            return a.latencySum / Double(a.successes)
        }
    }

    /// Registers (or replaces) a tool and the category of agents that run it.
    public func registerTool(name: String, description: String, category: ToolCategory) {
        state.withLock { $0.tools[name] = ToolSpec(description: description, category: category) }
    }

    /// The registered tools: name, description, category, sorted by name.
    public var tools: [(name: String, description: String, category: ToolCategory)] {
        state.withLock { s in s.tools.map { ($0.key, $0.value.description, $0.value.category) }.sorted { $0.name < $1.name } }
    }

    /// Invokes `tool` with `args` on the first capable agent that succeeds
    /// (see the type's notes). `notFound` when the tool is not registered or
    /// no agent can run it; otherwise the result tells success or the errors of every attempt.
    public func invoke(_ tool: String, _ args: Value = [:], sessionID: String? = nil,
                       strategy: RoutingStrategy = .priority) async throws -> ToolResult {
        let clock = ContinuousClock()
        let started = clock.now
        let candidates = try order(tool, sessionID, strategy)
        var errors: [String] = []
        var result: ToolResult?
        for agent in candidates {
            state.withLock { $0.agents[agent.id]?.inFlight += 1 }
            let t0 = clock.now
            do {
                let output = try await call(agent, tool, args, sessionID)
                let elapsed = (clock.now - t0).inSeconds
                state.withLock { s in
                    s.agents[agent.id]?.inFlight -= 1
                    s.agents[agent.id]?.successes += 1
                    s.agents[agent.id]?.latencySum += elapsed
                    if let sessionID { s.affinity[sessionID] = agent.id }
                }
                result = ToolResult(toolName: tool, agentID: agent.id, success: true, output: output, errors: errors,
                                    attempts: errors.count + 1, latency: (clock.now - started).inSeconds)
                break
            } catch {
                state.withLock { $0.agents[agent.id]?.inFlight -= 1 }
                errors.append("\(agent.id): \(error)")
            }
        }
        let final = result ?? ToolResult(toolName: tool, agentID: candidates.last!.id, success: false, output: .null,
                                         errors: errors, attempts: errors.count,
                                         latency: (clock.now - started).inSeconds)
        try record(final, sessionID, strategy)
        return final
    }

    /// The last `limit` recorded invocations, oldest first (reads the whole record).
    public func invocations(limit: Int = 100) throws -> [ToolInvocation] {
        try AuditLog.tools.last(limit, engine: database.engine).map { try ToolInvocation(micros: $0.micros, encoded: $0.value) }
    }

    // MARK: Routing

    /// The capable agents of `tool` in the order to try them.
    private func order(_ tool: String, _ sessionID: String?, _ strategy: RoutingStrategy) throws -> [Agent] {
        try state.withLock { s in
            guard let spec = s.tools[tool] else {
                throw ToonDBError(.notFound, "no tool named \"\(tool)\" is registered",
                                  remediation: "register it with registerTool(name: \"\(tool)\", description: …, category: …)")
            }
            var able = s.agents.values.filter { $0.capabilities.contains(spec.category) }
            guard !able.isEmpty else {
                throw ToonDBError(.notFound, "no agent can run tool \"\(tool)\" (category \(spec.category))",
                                  remediation: "register an agent with capability .\(spec.category)")
            }
            let byPriority: (Agent, Agent) -> Bool = { ($1.priority, $0.order) < ($0.priority, $1.order) }
            switch strategy {
            case .priority:
                able.sort(by: byPriority)
            case .roundRobin:
                able.sort { $0.order < $1.order }
                let start = s.cursors[tool, default: 0] % able.count
                s.cursors[tool] = start + 1
                able = Array(able[start...] + able[..<start])
            case .fastest:
                able.sort { a, b in
                    switch (a.successes, b.successes) {
                    case (0, 0): return byPriority(a, b)
                    case (0, _): return true
                    case (_, 0): return false
                    default:
                        let ma = a.latencySum / Double(a.successes), mb = b.latencySum / Double(b.successes)
                        return ma != mb ? ma < mb : byPriority(a, b)
                    }
                }
            case .leastLoaded:
                able.sort { $0.inFlight != $1.inFlight ? $0.inFlight < $1.inFlight : byPriority($0, $1) }
            }
            if let sessionID, let sticky = s.affinity[sessionID], let i = able.firstIndex(where: { $0.id == sticky }) {
                able.insert(able.remove(at: i), at: 0)
            }
            return able
        }
    }

    /// One attempt on one agent, within its timeout.
    private func call(_ agent: Agent, _ tool: String, _ args: Value, _ sessionID: String?) async throws -> Value {
        switch agent.kind {
        case .local(let handler):
            return try await Deadline.run(agent.timeout, "agent \"\(agent.id)\"") { try await handler(tool, args) }
        case .remote(let url, let transport):
            let body: Value = ["tool": .string(tool), "args": args, "session_id": sessionID.map(Value.string) ?? .null]
            let bytes = Array(body.jsonText().utf8)
            // The transport keeps the timeout itself; the outer limit holds for a transport that does not.
            let response = try await Deadline.run(agent.timeout + .milliseconds(250), url.absoluteString) {
                try await transport.post(bytes, to: url, timeout: agent.timeout, maxResponseBytes: Self.maxResponseBytes)
            }
            guard (200..<300).contains(response.status) else {
                let text = String(decoding: response.body.prefix(200), as: UTF8.self)
                throw ToonDBError(.protocolError, "\(url.absoluteString) answered HTTP \(response.status): \(text)")
            }
            if response.body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return .null }
            do {
                return try Value(jsonBytes: response.body)
            } catch let e as ToonDBError {
                throw ToonDBError(.protocolError, "\(url.absoluteString) answered with a body that is not JSON: \(e.message)")
            }
        }
    }

    private func record(_ r: ToolResult, _ sessionID: String?, _ strategy: RoutingStrategy) throws {
        let (key, micros) = AuditLog.tools.nextKey()
        let entry = ToolInvocation(time: Date(timeIntervalSince1970: Double(micros) / 1e6), toolName: r.toolName,
                                   agentID: r.agentID, sessionID: sessionID, strategy: strategy, success: r.success,
                                   attempts: r.attempts, latency: r.latency, errors: r.errors)
        var batch = WriteBatch()
        batch.put(key, entry.encoded)
        try database.engine.write(batch)
    }
}
