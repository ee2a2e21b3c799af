import ToonDB

/// `.get`, `.put`, `.del`, `.scan`, `.tree`: the default key space.
extension CommandSession {
    /// A value as text: itself when it is UTF-8, else `hex` and its bytes in hexadecimal.
    static func displayText(_ bytes: [UInt8]) -> String {
        if let s = String(validating: bytes, as: UTF8.self) { return s }
        return "hex " + bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    func get(_ key: String) throws {
        guard let value = try source.get(Array(key.utf8)) else {
            throw ToonDBError(.notFound, "no value for key \(key.debugDescription)")
        }
        write(Self.displayText(value) + "\n")
    }

    func put(_ key: String, _ value: String) throws {
        try source.put(Array(key.utf8), Array(value.utf8))
    }

    func delete(_ key: String) throws {
        try source.delete(Array(key.utf8))
    }

    func scan(_ command: DotCommand, _ words: [String]) throws {
        try expectArguments(command, words, 0...2)
        var limit = 100
        if words.count == 2 {
            guard let n = Int(words[1]), n >= 0 else {
                throw ToonDBError(.invalidArgument, ".scan: LIMIT must be a whole number of at least 0, not \(words[1].debugDescription)")
            }
            limit = n
        }
        let entries = try source.scan(prefix: Array((words.first ?? "").utf8), after: nil, limit: limit)
        emit(ResultSet(columns: ["key", "value"],
                       rows: entries.map { [.string(Self.displayText($0.key)), .string(Self.displayText($0.value))] },
                       name: "keys"))
    }

    func tree(_ path: String) throws {
        var printed = 0
        let maxNodes = 500, maxDepth = 4
        var out = ""
        func walk(_ path: String, _ level: Int) throws {
            for child in try source.listChildren(path, after: nil, limit: maxNodes - printed) {
                guard printed < maxNodes else { return }
                printed += 1
                out += String(repeating: "  ", count: level) + child.name + (child.hasChildren ? "/" : "") + "\n"
                if child.hasChildren, level + 1 < maxDepth {
                    try walk(Self.displayText(child.key) + "/", level + 1)
                }
            }
        }
        try walk(path, 0)
        if printed == maxNodes { out += "… (stopped after \(maxNodes) nodes)\n" }
        write(out)
    }
}
