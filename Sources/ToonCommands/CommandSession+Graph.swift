import ToonDB

/// `.graph NODE [DEPTH]`, `.graph add-node`, `.graph add-edge`.
extension CommandSession {
    func graph(_ command: DotCommand, _ words: [String]) throws {
        let a = try ParsedArguments(words, command: command.name, valued: ["ns"])
        let ns = a.options["ns"] ?? "default"
        let p = a.positional
        switch p.first {
        case "add-node":
            try expectArguments(command, p, 3...4)
            try source.addGraphNode(namespace: ns, GraphNode(id: p[1], type: p[2], properties: try properties(p.count > 3 ? p[3] : nil)))
        case "add-edge":
            try expectArguments(command, p, 4...5)
            try source.addGraphEdge(namespace: ns, GraphEdge(fromID: p[1], edgeType: p[2], toID: p[3],
                                                             properties: try properties(p.count > 4 ? p[4] : nil)))
        case nil:
            try expectArguments(command, p, 1...2)
        default:
            try expectArguments(command, p, 1...2)
            var depth = 1
            if p.count == 2 {
                guard let d = Int(p[1]), (1...16).contains(d) else {
                    throw ToonDBError(.invalidArgument, ".graph: DEPTH must be a whole number from 1 to 16, not \(p[1].debugDescription)")
                }
                depth = d
            }
            try neighbourhood(ns, p[0], depth)
        }
    }

    private func properties(_ text: String?) throws -> [String: Value] {
        guard let text else { return [:] }
        guard case .object(let o) = try? Value(json: text) else {
            throw ToonDBError(.invalidArgument, ".graph: the properties must be a JSON object, not \(text)")
        }
        return Dictionary(o.map { ($0.key, $0.value) }, uniquingKeysWith: { _, b in b })
    }

    /// Prints the edges around `node` as a tree, each node expanded once.
    private func neighbourhood(_ ns: String, _ node: String, _ depth: Int) throws {
        var out = node + "\n"
        var seen: Set<String> = [node]
        var lines = 0
        func walk(_ id: String, _ level: Int, from parent: String?) throws {
            guard level <= depth, lines < 1000 else { return }
            let outgoing = try source.graphEdges(namespace: ns, node: id, direction: .outgoing)
            let incoming = try source.graphEdges(namespace: ns, node: id, direction: .incoming)
            let steps = outgoing.map { ("-\($0.edgeType)-> ", $0.toID) } + incoming.map { ("<-\($0.edgeType)- ", $0.fromID) }
            for (arrow, other) in steps where other != parent {
                lines += 1
                let first = seen.insert(other).inserted
                out += String(repeating: "  ", count: level) + arrow + other + "\n"
                if first { try walk(other, level + 1, from: id) }
            }
        }
        try walk(node, 1, from: nil)
        if lines == 0 { out += "  (no edges)\n" }
        write(out)
    }
}
