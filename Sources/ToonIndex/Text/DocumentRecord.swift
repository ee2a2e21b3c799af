import ToonCore

/// What the index remembers of one document: its length and its distinct
/// terms with their frequencies, so that it can be removed (FORMAT.md;
/// `BM25Index.add` writes it).
struct DocumentRecord {
    /// Terms in the document, repeats included.
    var length: UInt32
    /// Distinct terms (UTF-8) in order of first occurrence, with their frequencies.
    var terms: [(term: [UInt8], frequency: UInt32)]

    static func decode(_ raw: [UInt8], docID: UInt64) throws -> DocumentRecord {
        let bad = ToonDBError(.corruption, "the text index's entry of document \(docID) is malformed",
                              remediation: "rebuild the text index from the documents")
        return try raw.withUnsafeBytes { p in
            var pos = 0
            guard let length = Varint.read(p, &pos), length <= UInt64(UInt32.max),
                  let count = Varint.read(p, &pos), count <= UInt64(p.count) else { throw bad }
            var record = DocumentRecord(length: UInt32(length), terms: [])
            record.terms.reserveCapacity(Int(count))
            for _ in 0..<Int(count) {
                guard let n = Varint.read(p, &pos), n <= UInt64(p.count - pos) else { throw bad }
                let term = Array(p[pos..<(pos + Int(n))])
                pos += Int(n)
                guard let f = Varint.read(p, &pos), f > 0, f <= UInt64(UInt32.max) else { throw bad }
                record.terms.append((term, UInt32(f)))
            }
            guard pos == p.count else { throw bad }
            return record
        }
    }
}
