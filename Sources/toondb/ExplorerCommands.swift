import Synchronization
import ToonCommands
import ToonDB
import ToonExplorer

/// The explorer's query pane and `:` line run the console's commands: SQL
/// shows as a grid, and a dot-command (`.tables`, `.scan users/`, `.search …`)
/// shows the text the console would print, one grid row per line.
enum ExplorerCommands {
    static func runner(_ source: DataSource) -> CommandRunner {
        let sql = CommandOutput.sqlRunner(source)
        let printed = Mutex<String>("")
        let session = CommandSession(source: source, standardOutput: { text in printed.withLock { $0 += text } })
        let lock = Mutex<Void>(())
        return { text in
            let trimmed = text.drop { $0.isWhitespace }
            guard trimmed.hasPrefix(".") else { return try sql(text) }
            return try lock.withLock { _ in
                printed.withLock { $0 = "" }
                if try session.run(String(trimmed)) == .quit {
                    return CommandOutput(message: "q quits the explorer")
                }
                let lines = printed.withLock { $0 }.split(separator: "\n", omittingEmptySubsequences: false)
                    .map(String.init).reversed().drop { $0.isEmpty }.reversed()
                if lines.isEmpty { return CommandOutput(message: "\(trimmed.prefix { !$0.isWhitespace }) done") }
                return CommandOutput(columns: ["output"], rows: lines.map { [.string($0)] })
            }
        }
    }
}
