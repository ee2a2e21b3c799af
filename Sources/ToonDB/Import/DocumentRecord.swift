import ToonCore

/// How a collection document is written as a JSON object, for `.insert`,
/// imports and exports: `id`, `vector` (an array of numbers), the content
/// field (`content` unless the collection names another; null, as an empty
/// CSV cell reads, is no content) and every other member as metadata.
public enum DocumentRecord {
    /// The document an object describes. `id` overrides the object's `id` member;
    /// without either, or without a vector, it is an error naming `origin`.
    public static func document(from object: OrderedDictionary<String, Value>, id: String? = nil,
                                contentField: String = "content", origin: String = "the document") throws -> CollectionDocument {
        var metadata = object
        let givenID = metadata.removeValue(forKey: "id")
        guard let docID = id ?? givenID.flatMap(idText) else {
            throw ToonDBError(.invalidArgument, "\(origin) has no id", remediation: "give it an \"id\" member (a string or a number)")
        }
        guard let raw = metadata.removeValue(forKey: "vector") else {
            throw ToonDBError(.invalidArgument, "\(origin) has no vector", remediation: "give it a \"vector\" member: an array of numbers")
        }
        let vector = try self.vector(raw, origin: origin)
        var content: String?
        if let c = metadata.removeValue(forKey: contentField), !c.isNull {
            guard case .string(let s) = c else {
                throw ToonDBError(.invalidArgument, "\(origin): \"\(contentField)\" must be a string")
            }
            content = s
        }
        return CollectionDocument(id: docID, vector: vector, metadata: metadata, content: content)
    }

    /// A vector from a JSON array of numbers (or a string holding one, as CSV cells do).
    public static func vector(_ value: Value, origin: String = "the vector") throws -> [Float] {
        var value = value
        if case .string(let s) = value, let parsed = try? Value(json: s) { value = parsed }
        guard case .array(let items) = value else {
            throw ToonDBError(.invalidArgument, "\(origin): the vector must be an array of numbers")
        }
        return try items.map { item -> Float in
            guard let d = item.doubleValue, d.isFinite else {
                throw ToonDBError(.invalidArgument, "\(origin): the vector holds \(item.jsonText()), which is not a finite number")
            }
            return Float(d)
        }
    }

    /// The object written for a document.
    public static func object(_ document: CollectionDocument, contentField: String = "content") -> OrderedDictionary<String, Value> {
        var o: OrderedDictionary<String, Value> = ["id": .string(document.id)]
        if let v = document.vector { o["vector"] = .array(v.map { .double(Double($0)) }) }
        if let c = document.content { o[contentField] = .string(c) }
        for (k, v) in document.metadata where o[k] == nil { o[k] = v }
        return o
    }

    private static func idText(_ v: Value) -> String? {
        switch v {
        case .string(let s): return s
        case .int(let i): return String(i)
        default: return nil
        }
    }
}
