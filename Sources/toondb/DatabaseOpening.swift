import ArgumentParser
import Foundation
import ToonCLI
import ToonConnect
import ToonDB

/// What a command does when its path holds no database yet (toondb(1), OPENING A DATABASE).
enum Creation {
    /// Refuse: commands that only read, or change what must already exist.
    case never
    /// Ask "create PATH? [y/N]" when standard input is a terminal; refuse otherwise.
    case ask
    /// Create without asking (`--create`, or a path the command itself chose).
    case always
}

/// `--create` for the commands that may make a new database.
struct CreateOption: ParsableArguments {
    @Flag(help: "Create the database when the path does not exist, without asking.")
    var create = false

    var creation: Creation { create ? .always : .ask }
}

extension CLI {
    /// Opens the database in `path`. A missing path (or an empty directory)
    /// is created as `creation` allows; a file, or a directory holding other
    /// things, is refused with what it holds.
    static func open(_ path: String, sync: SyncMode, creation: Creation) throws -> Database {
        // A prefix of an etcd cluster needs no creating: with no keys under it, it is an empty database.
        if EtcdDatabase.isLocation(path) { return try EtcdDatabase.open(path) }
        switch DatabaseDirectory.inspect(path) {
        case .database:
            return try Database.open(path, config: DatabaseConfig(createIfMissing: false, syncMode: sync))
        case .file:
            throw ToonDBError(.invalidArgument, "\(path) is a file, not a database directory",
                              remediation: "give the directory of a database")
        case .foreign(let contents):
            throw ToonDBError(.invalidArgument, "\(path) is not a ToonDB database: it holds \(contents)",
                              remediation: "give the directory of a database, or a new path to create one")
        case .missing, .empty:
            guard try mayCreate(path, creation) else {
                throw ToonDBError(.notFound, "no database at \(path)",
                                  remediation: creation == .never ? "check the path" : "check the path, or give --create to create a new database")
            }
            return try Database.open(path, config: DatabaseConfig(createIfMissing: true, syncMode: sync))
        }
    }

    /// Opens the database in `path` (see ``open(_:sync:creation:)``), runs
    /// `body` on it and closes it. An error of `body` is thrown after closing;
    /// otherwise an error of the close itself (its final save) is, so that
    /// the command fails rather than report success.
    static func withDatabase<T>(_ path: String, sync: SyncMode, creation: Creation,
                                _ body: (Database) throws -> T) throws -> T {
        let database = try open(path, sync: sync, creation: creation)
        let result: T
        do {
            result = try body(database)
        } catch {
            try? database.close()
            throw error
        }
        try database.close()
        return result
    }

    /// Whether a new database may be made at `path`: asks on a terminal when `creation` says so.
    private static func mayCreate(_ path: String, _ creation: Creation) throws -> Bool {
        switch creation {
        case .never: return false
        case .always: return true
        case .ask:
            guard isatty(0) != 0 else { return false }
            Stdio.write(Array("create \(path)? [y/N] ".utf8), to: .error)
            let answer = readLine(strippingNewline: true)?.trimmingCharacters(in: .whitespaces).lowercased()
            guard answer == "y" || answer == "yes" else {
                throw ToonDBError(.notFound, "no database at \(path); not created")
            }
            return true
        }
    }
}
