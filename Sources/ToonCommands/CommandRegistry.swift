/// Every dot-command of the console, in the order `.help` lists them
/// (toondb(1), DOT-COMMANDS). The man page's DOT-COMMANDS section is generated from this
/// list (``DotCommandManual``) and a test keeps the two equal.
package enum CommandRegistry {
    /// The commands.
    package static let all: [DotCommand] = [
        DotCommand(".help", usage: ".help [COMMAND]", summary: "List the dot-commands, or describe one.",
                   help: "Without an argument, list every dot-command with a one-line summary. With one, print the usage and description of COMMAND, the same text as this manual; the leading dot may be left out.",
                   arguments: [.choice(names)]),
        DotCommand(".tables", usage: ".tables", summary: "List the SQL tables and views.",
                   help: "List the names of the SQL tables and views, in the output mode, including those created in an open transaction."),
        DotCommand(".schema", usage: ".schema [TABLE]", summary: "Show the CREATE statements of the SQL schema.",
                   help: "Print a CREATE statement for every table, view, index and trigger, or only for TABLE and the indexes and triggers on it.",
                   arguments: [.table]),
        DotCommand(".namespaces", usage: ".namespaces", summary: "List the namespaces.",
                   help: "List every namespace with its display name, in the output mode."),
        DotCommand(".ns", usage: ".ns create NAME", summary: "Create a namespace.",
                   help: "Create the namespace NAME. A name is 1 to 128 letters, digits, hyphens, underscores and dots.",
                   arguments: [.choice(["create"]), .free]),
        DotCommand(".collections", usage: ".collections [NS]", summary: "List the collections of a namespace.",
                   help: "List the collections of the namespace NS, or of every namespace, with their dimension, metric, whether keyword search is on, and their number of documents.",
                   arguments: [.namespace]),
        DotCommand(".collection", usage: ".collection create NS/NAME --dim N [--metric M] [--hybrid --content-field F]",
                   summary: "Create a collection of vectors and documents.",
                   help: "Create the collection NAME in the namespace NS, which must exist, for vectors of N dimensions. M is the distance: cosine (the default), euclidean or dotProduct. With --hybrid, the text of each document is indexed for keyword and hybrid search; --content-field names the document field that holds the text (content by default).",
                   arguments: [.choice(["create"]), .namespace]),
        DotCommand(".insert", usage: ".insert NS/COL ID JSON", summary: "Add a document to a collection.",
                   help: "Add the document ID to the collection COL of the namespace NS. JSON is an object: its vector member is the document's vector (an array of numbers of the collection's dimension), its content member (or the collection's content field) the text for keyword search, and every other member is metadata. An ID that exists already is an error.",
                   arguments: [.collectionPath, .free, .free]),
        DotCommand(".search", usage: ".search NS/COL [--vector JSON] [--text TEXT] [--k N] [--alpha A]",
                   summary: "Search a collection by vector, keywords or both.",
                   help: "Search the collection COL of the namespace NS and list the K best documents (10 by default) with their score, distance, content and metadata. With --vector only, find the nearest vectors; with --text only, rank by BM25 keyword relevance; with both, fuse the two rankings: by reciprocal rank, or, when --alpha is given, by A times the vector score plus 1 - A times the keyword score (A from 0 to 1). Quote TEXT when it holds spaces.",
                   arguments: [.collectionPath]),
        DotCommand(".get", usage: ".get KEY", summary: "Print the value of a key.",
                   help: "Print the value stored under KEY. A value that is not valid UTF-8 is printed as hexadecimal after the word hex. A key with no value is an error.",
                   arguments: [.keyPath]),
        DotCommand(".put", usage: ".put KEY VALUE", summary: "Store a value under a key.",
                   help: "Store VALUE, the rest of the line after KEY, under KEY, replacing any previous value. Surrounding quotes are removed from VALUE when it is one quoted word.",
                   arguments: [.keyPath, .free]),
        DotCommand(".del", usage: ".del KEY", summary: "Remove a key.",
                   help: "Remove KEY and its value. Removing a key that has no value is not an error.",
                   arguments: [.keyPath]),
        DotCommand(".scan", usage: ".scan PREFIX [LIMIT]", summary: "List the keys that begin with a prefix.",
                   help: "List the keys that begin with PREFIX and their values in key order, at most LIMIT of them (100 by default). PREFIX may be given as two quotes to list every key.",
                   arguments: [.keyPath, .free]),
        DotCommand(".tree", usage: ".tree [PATH]", summary: "Show the key paths below a path as a tree.",
                   help: "Show the key paths below PATH, or below the root, as an indented tree, four levels deep and at most 500 nodes. A slash follows a node that has children.",
                   arguments: [.keyPath]),
        DotCommand(".graph", usage: ".graph NODE [DEPTH] [--ns NS]",
                   summary: "Show the neighbourhood of a graph node, or add nodes and edges.",
                   help: "Show the edges around NODE, DEPTH steps deep (1 by default), as a tree: an outgoing edge as -TYPE-> and an incoming one as <-TYPE-. The add-node form adds or replaces a node of type TYPE with the properties in the JSON object; the add-edge form adds an edge of type TYPE from FROM to TO. The graph is that of the namespace NS, default by default.",
                   arguments: [.free, .free],
                   moreUsages: [".graph add-node ID TYPE [JSON] [--ns NS]", ".graph add-edge FROM TYPE TO [JSON] [--ns NS]"]),
        DotCommand(".stats", usage: ".stats", summary: "Show the database's counters and storage layout.",
                   help: "List the database's counters (keys, bytes, transactions, queries, cache hits) and its storage layout (memtable, write-ahead log, segment files per level) as name and value rows."),
        DotCommand(".checkpoint", usage: ".checkpoint", summary: "Write the memtable out and sync.",
                   help: "Write the in-memory table to a segment file, sync it, drop the write-ahead log it covered and save the collections' indexes."),
        DotCommand(".begin", usage: ".begin", summary: "Begin a transaction.",
                   help: "Begin a transaction, as BEGIN does. Until .commit or .abort, SQL statements and the key-value commands .get, .put, .del and .scan see and make changes inside it. Collections and graphs cannot be changed while it is open."),
        DotCommand(".commit", usage: ".commit", summary: "Commit the open transaction.",
                   help: "Commit the transaction .begin or BEGIN opened, as COMMIT does. A conflict with a transaction that committed first is an error and the transaction is discarded."),
        DotCommand(".abort", usage: ".abort", summary: "Discard the open transaction.",
                   help: "Discard the transaction .begin or BEGIN opened and every change made in it, as ROLLBACK does."),
        DotCommand(".mode", usage: ".mode [MODE]", summary: "Choose how results are printed.",
                   help: "Print results as MODE: table, box, toon, json, jsonl, csv, line, compact, tsv, markdown or insert (see OUTPUT MODES). Without an argument, print the current mode.",
                   arguments: [.choice(["table", "box", "toon", "json", "jsonl", "csv", "line", "compact", "tsv", "markdown", "insert"])]),
        DotCommand(".timer", usage: ".timer on|off", summary: "Show how long each statement takes.",
                   help: "With on, print the time each statement and command took after its result.",
                   arguments: [.choice(["on", "off"])]),
        DotCommand(".parameter", usage: ".parameter set NAME VALUE", summary: "Bind values to the parameters of SQL statements.",
                   help: "Keep VALUE for the parameter NAME of the SQL statements typed afterwards, as sqlite3 does: NAME is written as in SQL, :name, @name, $name or ?NNN (a parameter written ? is ?NNN by its number). VALUE, the rest of the line, is a SQL expression such as 42, 'text', x'00ff' or NULL; one that is not valid SQL is kept as text. The list form prints every kept parameter and its value, unset forgets one and clear forgets all. A statement's parameters without a kept value are NULL.",
                   arguments: [.choice(["set", "list", "unset", "clear"]), .free, .free],
                   moreUsages: [".parameter list", ".parameter unset NAME", ".parameter clear"]),
        DotCommand(".read", usage: ".read FILE", summary: "Run the statements and commands of a file.",
                   help: "Run the SQL statements and dot-commands in FILE as if they were typed. The first error stops the file and names its line.",
                   arguments: [.file]),
        DotCommand(".output", usage: ".output [FILE]", summary: "Send results to a file.",
                   help: "Write results to FILE, created or emptied first, until the next .output; without FILE, write them to standard output again. Errors still go to standard error.",
                   arguments: [.file]),
        DotCommand(".open", usage: ".open PATH", summary: "Close the database and open another.",
                   help: "Close the current database and open the one in the directory PATH, creating it when it does not exist (a file, or a directory holding other things, is refused). An open transaction must be committed or discarded first.",
                   arguments: [.file]),
        DotCommand(".backup", usage: ".backup PATH", summary: "Copy the database consistently into a new directory.",
                   help: "Write a consistent copy of the open database into the directory PATH, which must not exist yet (or be empty), while the database stays open: every commit up to one sequence number, with segment files hard-linked where the file system allows. Only for a database opened from a path.",
                   arguments: [.file]),
        DotCommand(".restore", usage: ".restore PATH", summary: "Replace the database with a backup.",
                   help: "Replace the open database with the backup in the directory PATH (made by .backup or toondb backup), then reopen it. The backup is opened as a database, so no other process may have it open, and it stays as it was. An open transaction must be committed or discarded first.",
                   arguments: [.file]),
        DotCommand(".quit", usage: ".quit", summary: "Leave the console.",
                   help: "Leave the console. End of input, Control-D on an empty line, does the same. An open transaction is discarded."),
        DotCommand(".exit", usage: ".exit", summary: "Leave the console.",
                   help: "The same as .quit."),
    ]

    /// The names of every command, with their dots.
    package static let names: [String] = [
        ".help", ".tables", ".schema", ".namespaces", ".ns", ".collections", ".collection", ".insert", ".search",
        ".get", ".put", ".del", ".scan", ".tree", ".graph", ".stats", ".checkpoint", ".begin", ".commit", ".abort",
        ".mode", ".timer", ".parameter", ".read", ".output", ".open", ".backup", ".restore", ".quit", ".exit",
    ]

    /// The command named `name` (with or without its dot), or nil.
    package static func command(_ name: String) -> DotCommand? {
        let n = name.hasPrefix(".") ? name : "." + name
        return all.first { $0.name == n }
    }

    /// The command whose name is nearest to `name` by edit distance, when it is near enough to be a likely typo.
    package static func closest(to name: String) -> DotCommand? {
        let n = name.hasPrefix(".") ? name : "." + name
        if let prefixed = all.first(where: { $0.name.hasPrefix(n) && n.count > 1 }) { return prefixed }
        let scored = all.map { ($0, EditDistance.between(n, $0.name)) }.min { $0.1 < $1.1 }
        guard let (command, distance) = scored, distance <= max(2, n.count / 3) else { return nil }
        return command
    }
}
