import ToonCore

/// Figures of a BM25 index, as its searches see them.
public struct TextIndexStats: Sendable, Equatable {
    /// Documents indexed (N), documents without any term included.
    public var documents: Int
    /// Terms in all documents together, repeats included.
    public var totalLength: Int
    /// Distinct terms that occur in at least one document.
    public var terms: Int

    /// Creates figures.
    public init(documents: Int = 0, totalLength: Int = 0, terms: Int = 0) {
        self.documents = documents
        self.totalLength = totalLength
        self.terms = terms
    }

    /// The average document length in terms (0 for an empty index).
    public var averageLength: Double { documents == 0 ? 0 : Double(totalLength) / Double(documents) }

    static let formatVersion: UInt8 = 1

    func encoded() -> [UInt8] {
        var out: [UInt8] = [Self.formatVersion]
        Varint.append(UInt64(documents), to: &out)
        Varint.append(UInt64(totalLength), to: &out)
        Varint.append(UInt64(terms), to: &out)
        return out
    }

    static func decode(_ raw: [UInt8]) throws -> TextIndexStats {
        try raw.withUnsafeBytes { p in
            var pos = 1
            guard p.first == formatVersion, let n = Varint.read(p, &pos), let total = Varint.read(p, &pos),
                  let terms = Varint.read(p, &pos), pos == p.count,
                  n <= UInt64(Int.max), total <= UInt64(Int.max), terms <= UInt64(Int.max) else {
                throw ToonDBError(.corruption, "the text index's statistics entry is malformed or of an unknown version",
                                  remediation: "rebuild the text index from the documents")
            }
            return TextIndexStats(documents: Int(n), totalLength: Int(total), terms: Int(terms))
        }
    }
}

/// A search result: a document and its BM25 score (higher is better).
package struct TextHit: Sendable, Equatable {
    /// The document's id, as given to ``BM25Index/add(docID:text:)``.
    package var docID: UInt64
    /// The BM25 score.
    package var score: Double

    /// Creates a hit.
    package init(docID: UInt64, score: Double) {
        self.docID = docID
        self.score = score
    }
}
