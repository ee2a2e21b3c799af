/// What the crash writers reported acknowledged on one database, over every
/// round so far (the lines of `toondb-crash-writer … mixed`).
struct CrashLedger {
    /// Keys and their values (puts and both keys of each transaction).
    var keys: [String: String] = [:]
    /// SQL rows of `crash_t`: id → `k`.
    var rows: [Int: String] = [:]
    /// Documents of collection crash/c.
    var documents: Set<String> = []
    /// Graph edges `from -link-> to`.
    var edges: Set<[String]> = []

    /// Acknowledged writes recorded so far.
    var count: Int { keys.count + rows.count + documents.count + edges.count }

    /// Records the complete lines of a writer's output (a line cut by the
    /// kill is not an acknowledgement).
    mutating func record(_ output: String) {
        let complete = output.hasSuffix("\n") ? output[...] : output[..<(output.lastIndex(of: "\n") ?? output.startIndex)]
        for line in complete.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 2).map(String.init)
            switch parts.first {
            case "PUT" where parts.count == 3: keys[parts[1]] = parts[2]
            case "TXN" where parts.count == 2:
                for pair in parts[1].split(separator: ",") {
                    let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
                    if kv.count == 2 { keys[kv[0]] = kv[1] }
                }
            case "SQL" where parts.count == 3: if let id = Int(parts[1]) { rows[id] = parts[2] }
            case "VEC" where parts.count == 2: documents.insert(parts[1])
            case "EDGE" where parts.count == 3: edges.insert([parts[1], parts[2]])
            default: break
            }
        }
    }
}
