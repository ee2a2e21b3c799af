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

    /// The name.
    public var description: String { rawValue }

    /// Reading, searching or changing source code.
    public static let code: ToolCategory = "code"
    /// Searching (the web, documents, indexes).
    public static let search: ToolCategory = "search"
    /// Queries and changes to databases.
    public static let database: ToolCategory = "database"
    /// Fetching web pages and calling web APIs.
    public static let web: ToolCategory = "web"
    /// Reading and writing files.
    public static let file: ToolCategory = "file"
    /// Version control.
    public static let git: ToolCategory = "git"
    /// Running commands.
    public static let shell: ToolCategory = "shell"
    /// Sending and reading mail.
    public static let email: ToolCategory = "email"
    /// Calendars and scheduling.
    public static let calendar: ToolCategory = "calendar"
    /// An agent's own memory.
    public static let memory: ToolCategory = "memory"
    /// Vector search.
    public static let vector: ToolCategory = "vector"
    /// Graph queries.
    public static let graph: ToolCategory = "graph"
    /// Anything else.
    public static let custom: ToolCategory = "custom"
}
