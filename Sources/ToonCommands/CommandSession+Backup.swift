import Foundation
import ToonDB

extension CommandSession {
    /// `.backup PATH`: a consistent copy of the open database (``Database/backup(to:)``).
    func backup(to path: String) throws {
        let database = try embeddedDatabase(".backup")
        let r = try database.backup(to: path)
        write("backed up to \(path) at sequence \(r.sequence)\n")
    }

    /// `.restore PATH`: replaces the open database with the backup in PATH.
    /// The backup is copied next to the database first; only then is the
    /// database closed, swapped for the copy and reopened.
    func restore(from path: String) throws {
        let database = try embeddedDatabase(".restore")
        guard let opener, !source.isReadOnly else {
            throw ToonDBError(.invalidArgument, ".restore is not available here",
                              remediation: source.isReadOnly ? "the database is open read-only" : "use .backup's copy with toondb PATH")
        }
        if source.inTransaction {
            throw ToonDBError(.invalidArgument, ".restore: a transaction is open", remediation: ".commit or .abort it first")
        }
        let target = database.path
        let staging = target + ".restore-\(getpid())"
        let replaced = target + ".replaced-\(getpid())"
        let backup = try Database.open(path, config: DatabaseConfig(createIfMissing: false))
        do {
            try backup.backup(to: staging)
            try backup.close()
        } catch {
            try? backup.close()
            try? FileManager.default.removeItem(atPath: staging)
            throw error
        }
        close(source)
        do {
            try move(target, to: replaced)
        } catch {
            source = try opener(target)
            throw error
        }
        do {
            try move(staging, to: target)
        } catch {
            try? FileManager.default.moveItem(atPath: replaced, toPath: target)
            source = try opener(target)
            throw error
        }
        try? FileManager.default.removeItem(atPath: replaced)
        source = try opener(target)
        write("restored \(target) from \(path)\n")
    }

    /// The database behind the session, for commands that work on its files.
    private func embeddedDatabase(_ command: String) throws -> Database {
        guard let embedded = source as? EmbeddedDataSource else {
            throw ToonDBError(.invalidArgument, "\(command) works on a database opened from a path, not over \(source.location)",
                              remediation: "run it where the database is open, or use toondb backup on the server's machine")
        }
        return embedded.database
    }

    private func move(_ from: String, to: String) throws {
        do { try FileManager.default.moveItem(atPath: from, toPath: to) } catch {
            throw ToonDBError(.ioError, ".restore: cannot rename \(from) to \(to): \(error.localizedDescription)")
        }
    }
}
