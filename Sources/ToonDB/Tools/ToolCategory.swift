/// What a tool does and what an agent can do: a tool is routed to agents
/// whose capabilities include its category. Open for new names:
/// `ToolCategory("translation")`.
public struct ToolCategory: RawRepresentable, Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The category's name.
    public let rawValue: String

    /// A category named `rawValue`.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// A category named `name`.
    public init(_ name: String) { self.rawValue = name }
    /// A category from a string literal.
    public init(stringLiteral value: String) { self.rawValue = value }

    public var description: String { rawValue }

    public static let code: ToolCategory = "code"
    public static let search: ToolCategory = "search"
    public static let database: ToolCategory = "database"
    public static let web: ToolCategory = "web"
    public static let file: ToolCategory = "file"
    public static let git: ToolCategory = "git"
    public static let shell: ToolCategory = "shell"
    public static let email: ToolCategory = "email"
    public static let calendar: ToolCategory = "calendar"
    public static let memory: ToolCategory = "memory"
    public static let vector: ToolCategory = "vector"
    public static let graph: ToolCategory = "graph"
    public static let custom: ToolCategory = "custom"
}
