import ToonCore

extension BM25Index {
    /// Indexes `text` as document `docID`. Throws `alreadyExists` when the
    /// document is indexed (use ``update(docID:text:)``).
    package func add(docID: UInt64, text: String) throws {
        try add([(docID: docID, text: text)])
    }

    /// Indexes several documents at once: every term's blocks are read and
    /// written once for the whole batch, which is much faster than one
    /// ``add(docID:text:)`` per document. Throws `alreadyExists` when one of
    /// them is indexed and `invalidArgument` when an id repeats, before writing anything.
    package func add(_ documents: [(docID: UInt64, text: String)]) throws {
        var seen = Set<UInt64>(minimumCapacity: documents.count)
        for (docID, _) in documents {
            guard seen.insert(docID).inserted else {
                throw ToonDBError(.invalidArgument, "document \(docID) is given twice in one batch",
                                  remediation: "index each document once per batch")
            }
            if try contains(docID: docID) {
                throw ToonDBError(.alreadyExists, "document \(docID) is already in the text index",
                                  remediation: "use update to replace its text, or remove it first")
            }
        }
        var stats = try stats()
        // Number the batch's terms once; per term, its new postings in document order.
        var table = TermTable()
        var postings: [[Posting]] = []
        var seenIn: [Int] = []  // per term: the last document (batch index) holding it
        var slot: [Int] = []  // per term: its place in that document's list
        var docTerms: [Int] = [], frequencies: [UInt32] = []
        var record: [UInt8] = []
        for (d, (docID, text)) in documents.enumerated() {
            docTerms.removeAll(keepingCapacity: true)
            frequencies.removeAll(keepingCapacity: true)
            var length: UInt32 = 0
            tokenizer.forEachTerm(in: text) { bytes in
                length &+= 1
                let id = table.id(of: bytes)
                if id == seenIn.count {
                    seenIn.append(-1)
                    slot.append(0)
                    postings.append([])
                }
                if seenIn[id] == d {
                    frequencies[slot[id]] += 1
                } else {
                    seenIn[id] = d
                    slot[id] = docTerms.count
                    docTerms.append(id)
                    frequencies.append(1)
                }
            }
            // The document entry (FORMAT.md): length, count, then (term, frequency) pairs.
            record.removeAll(keepingCapacity: true)
            Varint.append(UInt64(length), to: &record)
            Varint.append(UInt64(docTerms.count), to: &record)
            for (i, id) in docTerms.enumerated() {
                table.withTerm(id) { term in
                    Varint.append(UInt64(term.count), to: &record)
                    record.append(contentsOf: term)
                }
                Varint.append(UInt64(frequencies[i]), to: &record)
                postings[id].append(Posting(docID: docID, frequency: frequencies[i], length: length))
            }
            try store.put(TextKeys.document(docID), record)
            stats.documents += 1
            stats.totalLength += Int(length)
        }
        for id in 0..<table.count {
            if !postings[id].isSorted(by: { $0.docID < $1.docID }) { postings[id].sort { $0.docID < $1.docID } }
            stats.terms += try insert(postings[id], term: table.term(id))
        }
        try store.put(TextKeys.stats, stats.encoded())
    }

    /// Removes document `docID` from the index; false when it was not indexed.
    @discardableResult
    package func remove(docID: UInt64) throws -> Bool {
        let key = TextKeys.document(docID)
        guard let raw = try store.get(key) else { return false }
        let record = try DocumentRecord.decode(raw, docID: docID)
        var stats = try stats()
        for (term, _) in record.terms {
            stats.terms -= try removePosting(docID, term: term)
        }
        try store.delete(key)
        stats.documents -= 1
        stats.totalLength -= Int(record.length)
        guard stats.documents >= 0, stats.totalLength >= 0, stats.terms >= 0 else {
            throw ToonDBError(.corruption, "the text index's statistics do not cover document \(docID)",
                              remediation: "rebuild the text index from the documents")
        }
        try store.put(TextKeys.stats, stats.encoded())
        return true
    }

    /// Replaces the text of document `docID` (indexes it when it was not).
    package func update(docID: UInt64, text: String) throws {
        try remove(docID: docID)
        try add(docID: docID, text: text)
    }

    // MARK: Blocks

    /// Adds sorted postings of documents not yet indexed to `term`'s blocks;
    /// returns 1 when the term is new, else 0.
    private func insert(_ postings: [Posting], term: [UInt8]) throws -> Int {
        let prefix = term.withUnsafeBytes { TextKeys.postingPrefix($0) }
        let tailKey = TextKeys.block(prefix, upper: TextKeys.tailUpper)
        guard let raw = try store.get(tailKey) else {
            // Invariant 2: no tail, no blocks at all.
            try write(PostingBlock(floor: nil, postings: postings), prefix: prefix, upper: TextKeys.tailUpper)
            return 1
        }
        var tail = try raw.withUnsafeBytes { try PostingBlock.decode($0, term: Self.termText(term)) }
        if tail.tailHolds(postings[0].docID) {
            try merge(postings[...], into: &tail, term: term)
            try write(tail, prefix: prefix, upper: TextKeys.tailUpper)
            return 0
        }
        // Some ids fall below the floor: visit the blocks from the first that may hold them.
        var blocks: [(upper: UInt64, block: PostingBlock)] = []
        let last = postings[postings.count - 1].docID
        try store.scan(from: TextKeys.block(prefix, upper: postings[0].docID), to: prefix.prefixSuccessor) { k, v in
            guard let upper = TextKeys.upper(ofBlockKey: k, prefixCount: prefix.count) else {
                throw PostingBlock.corrupt(Self.termText(term))
            }
            blocks.append((upper, try PostingBlock.decode(v, term: Self.termText(term))))
            return upper < last
        }
        var next = 0
        var wroteTail = false
        for (upper, found) in blocks where next < postings.count {
            var block = found
            var end = next
            while end < postings.count && postings[end].docID <= upper { end += 1 }
            guard end > next else { continue }
            try merge(postings[next..<end], into: &block, term: term)
            try write(block, prefix: prefix, upper: upper)
            wroteTail = wroteTail || upper == TextKeys.tailUpper
            next = end
        }
        guard next == postings.count else { throw PostingBlock.corrupt(Self.termText(term)) }
        if !wroteTail { try write(tail, prefix: prefix, upper: TextKeys.tailUpper) }  // a new version
        return 0
    }

    /// Merges sorted postings of new documents into a block.
    private func merge(_ new: ArraySlice<Posting>, into block: inout PostingBlock, term: [UInt8]) throws {
        if let lastOld = block.postings.last, let firstNew = new.first, lastOld.docID >= firstNew.docID {
            var merged: [Posting] = []
            merged.reserveCapacity(block.postings.count + new.count)
            var i = block.postings.startIndex, j = new.startIndex
            while i < block.postings.endIndex || j < new.endIndex {
                if j == new.endIndex || (i < block.postings.endIndex && block.postings[i].docID < new[j].docID) {
                    merged.append(block.postings[i]); i += 1
                } else {
                    if i < block.postings.endIndex && block.postings[i].docID == new[j].docID {
                        throw PostingBlock.corrupt(Self.termText(term))
                    }
                    merged.append(new[j]); j += 1
                }
            }
            block.postings = merged
        } else {
            block.postings.append(contentsOf: new)
        }
    }

    /// Writes a block under `upper`, split into blocks of at most
    /// `PostingBlock.capacity` postings: the lower pieces are keyed by their
    /// last id, the last piece keeps `upper` (and a tail's floor rises). A
    /// tail gets a new version.
    private func write(_ block: PostingBlock, prefix: [UInt8], upper: UInt64) throws {
        var block = block
        if upper == TextKeys.tailUpper { block.version = PostingBlock.newVersion() }
        let capacity = PostingBlock.capacity
        if block.postings.count > capacity {
            let pieces = (block.postings.count - 1) / capacity
            for p in 0..<pieces {
                let piece = PostingBlock(floor: nil, postings: Array(block.postings[(p * capacity)..<((p + 1) * capacity)]))
                let pieceUpper = piece.postings[capacity - 1].docID
                try store.put(TextKeys.block(prefix, upper: pieceUpper), piece.encoded())
                if upper == TextKeys.tailUpper { block.floor = max(block.floor ?? 0, pieceUpper) }
            }
            block.postings.removeFirst(pieces * capacity)
        }
        try store.put(TextKeys.block(prefix, upper: upper), block.encoded())
    }

    /// Removes `docID`'s posting from `term`'s blocks; returns 1 when the term
    /// has no posting left (its keys are then gone), else 0.
    private func removePosting(_ docID: UInt64, term: [UInt8]) throws -> Int {
        let prefix = term.withUnsafeBytes { TextKeys.postingPrefix($0) }
        let tailKey = TextKeys.block(prefix, upper: TextKeys.tailUpper)
        guard let rawTail = try store.get(tailKey) else { throw PostingBlock.corrupt(Self.termText(term)) }
        var tail = try rawTail.withUnsafeBytes { try PostingBlock.decode($0, term: Self.termText(term)) }
        var upper = TextKeys.tailUpper
        var block = tail
        if !tail.tailHolds(docID) {
            var found: (UInt64, PostingBlock)?
            try store.scan(from: TextKeys.block(prefix, upper: docID), to: prefix.prefixSuccessor) { k, v in
                guard let u = TextKeys.upper(ofBlockKey: k, prefixCount: prefix.count) else {
                    throw PostingBlock.corrupt(Self.termText(term))
                }
                found = (u, try PostingBlock.decode(v, term: Self.termText(term)))
                return false
            }
            guard let found else { throw PostingBlock.corrupt(Self.termText(term)) }
            (upper, block) = found
        }
        guard let i = block.postings.firstIndex(where: { $0.docID == docID }) else {
            throw PostingBlock.corrupt(Self.termText(term))
        }
        block.postings.remove(at: i)
        if upper == TextKeys.tailUpper {
            tail = block
        } else if block.postings.isEmpty {
            try store.delete(TextKeys.block(prefix, upper: upper))
        } else {
            try store.put(TextKeys.block(prefix, upper: upper), block.encoded())
        }
        // The term is gone when all that would be left is an empty tail.
        if tail.postings.isEmpty {
            var otherBlocks = false
            if tail.floor != nil {
                try store.scan(from: prefix, to: tailKey) { _, _ in
                    otherBlocks = true
                    return false
                }
            }
            if !otherBlocks {
                try store.delete(tailKey)
                return 1
            }
        }
        try write(tail, prefix: prefix, upper: TextKeys.tailUpper)  // a new version
        return 0
    }
}

extension Array where Element == Posting {
    fileprivate func isSorted(by less: (Posting, Posting) -> Bool) -> Bool {
        var i = 1
        while i < count {
            if !less(self[i - 1], self[i]) { return false }
            i += 1
        }
        return true
    }
}
