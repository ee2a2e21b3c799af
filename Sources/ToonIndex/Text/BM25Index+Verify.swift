import ToonCore

extension BM25Index {
    /// Reads the whole index and checks its invariants (see ``BM25Index`` and
    /// FORMAT.md): every document entry has exactly its postings, blocks
    /// partition the ids and respect the tail rules, and the statistics match.
    /// Returns the statistics; throws `corruption` naming the first fault.
    /// Costs a full read of the index: meant for checks and tests.
    @discardableResult
    package func verify() throws -> TextIndexStats {
        func fault(_ what: String) -> ToonDBError {
            ToonDBError(.corruption, "text index: \(what)", remediation: "rebuild the text index from the documents")
        }
        var storedStats: TextIndexStats?
        var counted = TextIndexStats()
        /// term → docID → (frequency, length), from the document entries.
        var expected: [[UInt8]: [UInt64: (UInt32, UInt32)]] = [:]
        var found: [[UInt8]: [(upper: UInt64, block: PostingBlock)]] = [:]
        try store.scan(from: [], to: nil) { k, v in
            switch k.first {
            case TextKeys.stats[0] where k.count == 1:
                storedStats = try TextIndexStats.decode([UInt8](v))
            case TextKeys.documentTag where k.count == 9:
                var docID: UInt64 = 0
                for j in 1..<9 { docID = docID << 8 | UInt64(k[j]) }
                let record = try DocumentRecord.decode([UInt8](v), docID: docID)
                counted.documents += 1
                counted.totalLength += Int(record.length)
                var total: UInt32 = 0
                for (term, frequency) in record.terms {
                    guard expected[term, default: [:]].updateValue((frequency, record.length), forKey: docID) == nil else {
                        throw fault("document \(docID) lists term \"\(Self.termText(term))\" twice")
                    }
                    total += frequency
                }
                guard total == record.length else { throw fault("document \(docID)'s frequencies do not add up to its length") }
            case TextKeys.postingTag where k.count >= 10 && k[k.count - 9] == 0:
                let term = [UInt8](k[1..<(k.count - 9)])
                guard let upper = TextKeys.upper(ofBlockKey: k, prefixCount: k.count - 8) else { throw fault("bad block key") }
                found[term, default: []].append((upper, try PostingBlock.decode(v, term: Self.termText(term))))
            default:
                throw fault("unknown key of \(k.count) bytes starting with \(k.first.map(String.init) ?? "nothing")")
            }
            return true
        }
        for (term, blocks) in found {
            let name = Self.termText(term)
            guard let tail = blocks.last, tail.upper == TextKeys.tailUpper else { throw fault("term \"\(name)\" has no tail block") }
            var previous: UInt64?
            var seen = 0
            for (index, (upper, block)) in blocks.enumerated() {
                let isTail = index == blocks.count - 1
                if !isTail {
                    guard !block.postings.isEmpty, block.floor == nil else {
                        throw fault("term \"\(name)\" has an empty or floored block below its tail")
                    }
                    guard tail.block.floor.map({ upper <= $0 }) ?? false else {
                        throw fault("term \"\(name)\": block \(upper) lies above the tail's floor")
                    }
                } else if block.postings.isEmpty && blocks.count == 1 {
                    throw fault("term \"\(name)\" has only an empty tail")
                }
                for p in block.postings {
                    guard p.docID <= upper, previous.map({ p.docID > $0 }) ?? true else {
                        throw fault("term \"\(name)\": document \(p.docID) is out of its block's range or order")
                    }
                    guard let want = expected[term]?[p.docID], want == (p.frequency, p.length) else {
                        throw fault("term \"\(name)\": posting of document \(p.docID) disagrees with the document entry")
                    }
                    previous = p.docID
                    seen += 1
                }
                previous = upper
            }
            guard seen == expected[term]?.count ?? 0 else { throw fault("term \"\(name)\" misses postings") }
        }
        for term in expected.keys where found[term] == nil {
            throw fault("term \"\(Self.termText(term))\" of a document has no blocks")
        }
        counted.terms = found.count
        guard (storedStats ?? TextIndexStats()) == counted else {
            throw fault("statistics \(storedStats.map { "\($0)" } ?? "(none)") differ from the entries' \(counted)")
        }
        return counted
    }
}
