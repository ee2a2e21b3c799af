import ArgumentParser
import ToonDB

/// `toondb kv get|put|delete|scan|tree PATH …` (toondb(1), KEY-VALUE COMMANDS).
struct KVCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kv",
        abstract: "Read and write keys of a database from scripts.",
        subcommands: [KVGet.self, KVPut.self, KVDelete.self, KVScan.self, KVTree.self])
}

/// Options every kv subcommand takes.
struct DatabaseOptions: ParsableArguments {
    @Argument(help: "The database directory.")
    var path: String

    @Flag(help: "Print machine-readable JSON (one object per line for listings).")
    var json = false
}

/// `--sync` for the subcommands that write.
struct SyncOption: ParsableArguments {
    @Option(help: "Durability of the write: full, normal or off.")
    var sync: SyncMode = .normal
}

extension SyncMode: ExpressibleByArgument {}

struct KVGet: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get", abstract: "Print the value of a key.")
    @OptionGroup var db: DatabaseOptions
    @Argument(help: "The key.") var key: String

    func run() throws {
        try CLI.run {
            try CLI.withDatabase(db.path, sync: .normal, creation: .never) { database in
                guard let value = try database.get(key) else {
                    throw ToonDBError(.notFound, "no value for key \(CLI.quote(key))")
                }
                if db.json {
                    CLI.out(JSONLine.object([("key", .bytes(Array(key.utf8))), ("value", .bytes(value))]))
                } else {
                    CLI.writeRaw(value + [10])
                }
            }
        }
    }
}

struct KVPut: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "put", abstract: "Store a value under a key (the value `-` reads standard input).")
    @OptionGroup var db: DatabaseOptions
    @OptionGroup var sync: SyncOption
    @OptionGroup var create: CreateOption
    @Argument(help: "The key.") var key: String
    @Argument(help: "The value, or - to read it from standard input.") var value: String

    func run() throws {
        try CLI.run {
            try CLI.withDatabase(db.path, sync: sync.sync, creation: create.creation) { database in
                let bytes = value == "-" ? CLI.readStandardInput() : Array(value.utf8)
                try database.put(key, bytes)
                if db.json { CLI.out(JSONLine.object([("key", .bytes(Array(key.utf8))), ("stored", .bool(true))])) }
            }
        }
    }
}

struct KVDelete: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Remove a key.")
    @OptionGroup var db: DatabaseOptions
    @OptionGroup var sync: SyncOption
    @Argument(help: "The key.") var key: String

    func run() throws {
        try CLI.run {
            try CLI.withDatabase(db.path, sync: sync.sync, creation: .never) { database in
                let existed = try database.get(key) != nil
                try database.delete(key)
                if db.json { CLI.out(JSONLine.object([("key", .bytes(Array(key.utf8))), ("deleted", .bool(existed))])) }
            }
        }
    }
}

struct KVScan: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan", abstract: "List keys and values that start with a prefix, in key order.")
    @OptionGroup var db: DatabaseOptions
    @Argument(help: "The key prefix (all keys when omitted).") var prefix: String = ""
    @Option(help: "Print at most this many entries.") var limit: Int?

    func run() throws {
        try CLI.run {
            try CLI.checkLimit(limit)
            try CLI.withDatabase(db.path, sync: .normal, creation: .never) { database in
                var count = 0
                let cursor = try database.scanPrefix(prefix)
                while limit.map({ count < $0 }) ?? true, let (k, v) = try cursor.next() {
                    if db.json {
                        CLI.out(JSONLine.object([("key", .bytes(k)), ("value", .bytes(v))]))
                    } else {
                        CLI.writeRaw(k + Array("\t".utf8) + v + [10])
                    }
                    count += 1
                }
            }
        }
    }
}

struct KVTree: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tree", abstract: "Show the key-path tree below a prefix.")
    @OptionGroup var db: DatabaseOptions
    @Argument(help: "The path to start from (the root when omitted).") var prefix: String = ""
    @Option(help: "Print at most this many nodes.") var limit: Int?
    @Option(help: "Descend at most this many levels.") var depth: Int = 8

    func run() throws {
        try CLI.run {
            try CLI.checkLimit(limit)
            if depth < 1 { throw ToonDBError(.invalidArgument, "--depth must be at least 1, not \(depth)") }
            try CLI.withDatabase(db.path, sync: .normal, creation: .never) { database in
                var printed = 0
                func walk(_ path: String, _ level: Int) throws {
                    let budget = limit.map { $0 - printed }
                    if let budget, budget <= 0 { return }
                    for child in try database.listChildren(path, limit: budget) {
                        if let limit, printed >= limit { return }
                        printed += 1
                        let full = String(decoding: child.key, as: UTF8.self)
                        if db.json {
                            CLI.out(JSONLine.object([("path", .bytes(child.key)), ("depth", .int(level)),
                                                     ("hasValue", .bool(child.hasValue)), ("hasChildren", .bool(child.hasChildren))]))
                        } else {
                            let indent = String(repeating: "  ", count: level)
                            CLI.out(indent + child.name + (child.hasChildren ? "/" : "") + (child.hasValue && child.hasChildren ? " (value)" : ""))
                        }
                        if child.hasChildren && level + 1 < depth { try walk(full + "/", level + 1) }
                    }
                }
                try walk(prefix, 0)
            }
        }
    }
}
