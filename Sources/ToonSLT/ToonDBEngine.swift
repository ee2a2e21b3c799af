import Foundation
import ToonDB

/// Runs scripts against ToonDB: a fresh database in its own temporary directory per file.
package final class ToonDBEngine: SQLLogicEngine {
    /// The database's directory, removed on `close()`.
    package let directory: String
    private var database: Database?

    /// Opens a new, empty database in a fresh temporary directory.
    package init() throws {
        let base = FileManager.default.temporaryDirectory.path
        directory = base + "/toondb-slt-" + UUID().uuidString.prefix(8).lowercased()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        database = try Database.open(directory)
    }

    /// A factory for `SLTRunner.run(file:engineFactory:)`.
    package static func factory() throws -> any SQLLogicEngine { try ToonDBEngine() }

    /// Runs `sql` with `Database.executeSQL`.
    package func execute(_ sql: String) throws -> SLTResult {
        guard let database else { throw ToonDBEngineError.closed }
        let r = try database.executeSQL(sql)
        return SLTResult(columnCount: r.columns.count, rows: r.values)
    }

    package func close() {
        try? database?.close()
        database = nil
        try? FileManager.default.removeItem(atPath: directory)
    }
}

/// Errors of the ToonDB adapter itself.
package enum ToonDBEngineError: Error, CustomStringConvertible {
    case closed
    package var description: String { "database is closed" }
}
