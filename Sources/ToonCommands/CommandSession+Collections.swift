import ToonDB

/// `.ns create`, `.collection create`, `.insert`, `.search`.
extension CommandSession {
    /// Splits `NS/COL` into its parts.
    static func collectionPath(_ text: String, command: String) throws -> (namespace: String, collection: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw ToonDBError(.invalidArgument, "\(command): \(text.debugDescription) is not NS/COLLECTION",
                              remediation: "name the namespace and the collection, e.g. docs/articles")
        }
        return (String(parts[0]), String(parts[1]))
    }

    func createNamespace(_ command: DotCommand, _ words: [String]) throws {
        guard words.first == "create" else {
            throw ToonDBError(.invalidArgument, ".ns: unknown action \(words.first.map { $0.debugDescription } ?? "(none)")",
                              remediation: "usage: \(command.usage)")
        }
        try expectArguments(command, words, 2...2)
        try source.createNamespace(words[1])
    }

    func createCollection(_ command: DotCommand, _ words: [String]) throws {
        let a = try ParsedArguments(words, command: command.name, valued: ["dim", "metric", "content-field"], switches: ["hybrid"])
        guard a.positional.first == "create" else {
            throw ToonDBError(.invalidArgument, ".collection: unknown action \(a.positional.first.map { $0.debugDescription } ?? "(none)")",
                              remediation: "usage: \(command.usage)")
        }
        try expectArguments(command, a.positional, 2...2)
        let (ns, name) = try Self.collectionPath(a.positional[1], command: command.name)
        guard a.options["dim"] != nil else {
            throw ToonDBError(.invalidArgument, ".collection create needs --dim N", remediation: "usage: \(command.usage)")
        }
        let dim = try a.int("dim", default: 0, command: command.name, range: 1...65536)
        var metric = VectorMetric.cosine
        if let m = a.options["metric"] {
            guard let parsed = VectorMetric.allCases.first(where: { $0.rawValue.lowercased() == m.lowercased() }) else {
                throw ToonDBError(.invalidArgument, ".collection: unknown metric \(m.debugDescription)",
                                  remediation: "use one of \(VectorMetric.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            metric = parsed
        }
        if a.options["content-field"] != nil, !a.flags.contains("hybrid") {
            throw ToonDBError(.invalidArgument, ".collection: --content-field needs --hybrid")
        }
        let config = CollectionConfig(name: name, dimension: dim, metric: metric,
                                      enableHybridSearch: a.flags.contains("hybrid"),
                                      contentField: a.options["content-field"] ?? "content")
        try source.createCollection(namespace: ns, config)
    }

    /// The configuration of an existing collection.
    func collectionConfig(_ ns: String, _ name: String) throws -> CollectionConfig {
        guard let c = try source.collections(in: ns).first(where: { $0.name == name }) else {
            throw ToonDBError(.notFound, "collection \"\(ns)/\(name)\" does not exist", remediation: ".collections \(ns) lists them")
        }
        return c
    }

    func insert(_ command: DotCommand, _ words: [String]) throws {
        try expectArguments(command, words, 3...3)
        let (ns, name) = try Self.collectionPath(words[0], command: command.name)
        let config = try collectionConfig(ns, name)
        let json: Value
        do { json = try Value(json: words[2]) } catch let e as ToonDBError {
            throw ToonDBError(.invalidArgument, ".insert: the document is not valid JSON: \(e.message)")
        }
        guard case .object(let object) = json else {
            throw ToonDBError(.invalidArgument, ".insert: the document must be a JSON object with a \"vector\" member")
        }
        let doc = try DocumentRecord.document(from: object, id: words[1], contentField: config.contentField,
                                              origin: "document \(words[1].debugDescription)")
        try source.insertDocuments(namespace: ns, collection: name, [doc], upsert: false)
    }

    func search(_ command: DotCommand, _ words: [String]) throws {
        let a = try ParsedArguments(words, command: command.name, valued: ["vector", "text", "k", "alpha"])
        try expectArguments(command, a.positional, 1...1)
        let (ns, name) = try Self.collectionPath(a.positional[0], command: command.name)
        let k = try a.int("k", default: 10, command: command.name, range: 1...100_000)
        let vector = try a.options["vector"].map { text -> [Float] in
            let v: Value
            do { v = try Value(json: text) } catch {
                throw ToonDBError(.invalidArgument, ".search: --vector is not valid JSON: \(text)")
            }
            return try DocumentRecord.vector(v, origin: ".search --vector")
        }
        var alpha: Double?
        if let text = a.options["alpha"] {
            guard let d = Double(text), (0...1).contains(d) else {
                throw ToonDBError(.invalidArgument, ".search: --alpha must be a number from 0 to 1, not \(text.debugDescription)")
            }
            alpha = d
        }
        let request: SearchRequest
        switch (vector, a.options["text"]) {
        case (let v?, let t?): request = .hybrid(vector: v, text: t, k: k, alpha: alpha ?? 0.5, rrf: alpha == nil)
        case (let v?, nil): request = .vector(v, k: k)
        case (nil, let t?): request = .keyword(t, k: k)
        case (nil, nil):
            throw ToonDBError(.invalidArgument, ".search needs --vector, --text or both", remediation: "usage: \(command.usage)")
        }
        let results = try source.search(namespace: ns, collection: name, request)
        emit(ResultSet(columns: ["id", "score", "distance", "content", "metadata"], rows: results.map { r in
            [.string(r.id), .double(r.score), .double(r.distance), r.content.map(Value.string) ?? .null,
             r.metadata.isEmpty ? .null : .object(r.metadata)]
        }, name: "results"))
    }
}
