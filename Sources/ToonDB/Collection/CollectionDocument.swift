import OrderedCollections
import ToonCore

/// A document of a collection: an id, one vector (or several named ones,
/// see ``VectorCollection/insertMultiVector(id:vectors:metadata:content:)``),
/// metadata and optional text content.
public struct CollectionDocument: Sendable, Equatable {
    /// The document's id, unique in its collection.
    public var id: String
    /// The vector of a single-vector document; for a multi-vector document, nil.
    public var vector: [Float]? { vectors.count == 1 ? vectors[Self.defaultField] : nil }
    /// Every vector by field name (the single vector's field is `""`).
    public var vectors: [String: [Float]]
    /// Metadata, in the order it was given.
    public var metadata: OrderedDictionary<String, Value>
    /// The text indexed for keyword search, if any.
    public var content: String?

    /// The field name of a single-vector document's vector.
    public static let defaultField = ""

    /// A single-vector document; metadata from variables or literals
    /// (`["title": title, "year": year]`, see ``ValueConvertible``).
    public init(id: String, vector: [Float], metadata: OrderedDictionary<String, any ValueConvertible> = [:],
                content: String? = nil) {
        self.init(id: id, vectors: [Self.defaultField: vector], metadata: metadata.toonValues, content: content)
    }

    /// A single-vector document with metadata already made of ``Value``s.
    @_disfavoredOverload
    public init(id: String, vector: [Float], metadata: OrderedDictionary<String, Value> = [:], content: String? = nil) {
        self.init(id: id, vectors: [Self.defaultField: vector], metadata: metadata, content: content)
    }

    /// A document with named vectors; metadata from variables or literals.
    public init(id: String, vectors: [String: [Float]], metadata: OrderedDictionary<String, any ValueConvertible> = [:],
                content: String? = nil) {
        self.init(id: id, vectors: vectors, metadata: metadata.toonValues, content: content)
    }

    /// A document with named vectors and metadata already made of ``Value``s.
    @_disfavoredOverload
    public init(id: String, vectors: [String: [Float]], metadata: OrderedDictionary<String, Value> = [:],
                content: String? = nil) {
        self.id = id
        self.vectors = vectors
        self.metadata = metadata
        self.content = content
    }
}

/// The stored form of a document (FORMAT.md §8): `01`, `varint n`, then per
/// vector field (sorted by name) `varint`-length name, `fixed64` label,
/// `varint` dimension and the floats as `fixed32` bits; then the metadata as
/// a binary ``Value`` object; then `00`, or `01` and the content as a
/// `varint`-length UTF-8 string.
struct StoredDocument {
    var document: CollectionDocument
    /// The index label of each vector field.
    var labels: [String: UInt64]

    func encoded() -> [UInt8] {
        var out: [UInt8] = [1]
        Varint.append(UInt64(document.vectors.count), to: &out)
        for field in document.vectors.keys.sorted() {
            let name = Array(field.utf8)
            Varint.append(UInt64(name.count), to: &out)
            out += name
            Varint.appendFixed64(labels[field] ?? 0, to: &out)
            let v = document.vectors[field]!
            Varint.append(UInt64(v.count), to: &out)
            for x in v { Varint.appendFixed32(x.bitPattern, to: &out) }
        }
        Value.object(document.metadata).appendBinary(to: &out)
        if let content = document.content {
            out.append(1)
            let c = Array(content.utf8)
            Varint.append(UInt64(c.count), to: &out)
            out += c
        } else {
            out.append(0)
        }
        return out
    }

    /// Decodes ``encoded()``; nil when the bytes are damaged.
    static func decode(id: String, _ bytes: UnsafeRawBufferPointer, withVectors: Bool = true) -> StoredDocument? {
        var pos = 0
        guard bytes.count > 0, bytes[0] == 1 else { return nil }
        pos = 1
        func text() -> String? {
            guard let n = Varint.read(bytes, &pos), n <= UInt64(bytes.count - pos) else { return nil }
            defer { pos += Int(n) }
            return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[pos..<pos + Int(n)]), as: UTF8.self)
        }
        guard let fields = Varint.read(bytes, &pos), fields <= UInt64(bytes.count) else { return nil }
        var vectors: [String: [Float]] = [:]
        var labels: [String: UInt64] = [:]
        for _ in 0..<fields {
            guard let name = text(), pos + 8 <= bytes.count else { return nil }
            labels[name] = Varint.fixed64(bytes, pos)
            pos += 8
            guard let dim = Varint.read(bytes, &pos), dim <= UInt64((bytes.count - pos) / 4) else { return nil }
            if withVectors {
                vectors[name] = (0..<Int(dim)).map { Float(bitPattern: Varint.fixed32(bytes, pos + 4 * $0)) }
            } else {
                vectors[name] = []
            }
            pos += 4 * Int(dim)
        }
        guard case .object(let metadata)? = Value.decodeBinary(bytes, &pos), pos < bytes.count else { return nil }
        var content: String?
        let hasContent = bytes[pos]
        pos += 1
        if hasContent == 1 {
            guard let c = text() else { return nil }
            content = c
        }
        guard pos == bytes.count else { return nil }
        return StoredDocument(document: CollectionDocument(id: id, vectors: vectors, metadata: metadata, content: content),
                              labels: labels)
    }
}
