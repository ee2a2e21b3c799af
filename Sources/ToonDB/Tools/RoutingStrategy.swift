/// How ``ToolDispatcher/invoke(_:_:sessionID:strategy:)`` orders the agents
/// able to run a tool. It tries them in that order until one succeeds
/// (failover); a session's last successful agent, when still able, goes first.
public enum RoutingStrategy: String, Sendable, Equatable, CaseIterable {
    /// Highest ``ToolDispatcher/registerLocalAgent(_:capabilities:priority:timeout:handler:)``
    /// priority first; ties in registration order.
    case priority
    /// Each invocation of a tool starts one agent further along the list.
    case roundRobin
    /// Lowest mean latency of past successful invocations first; agents
    /// never measured come before measured ones (so each gets measured).
    case fastest
    /// Fewest invocations in flight first; ties by priority.
    case leastLoaded
}
