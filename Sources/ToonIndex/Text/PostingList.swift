import Synchronization
import ToonCore

/// All postings of one term, decoded into parallel arrays ascending by
/// document, with the figures that bound its scores. Immutable, so a
/// ``TextIndexCache`` can hand it to several searches at once.
final class PostingList: @unchecked Sendable {
    /// Ids, frequencies and lengths of the postings; owned, and never
    /// written after init, so searches may read them through raw pointers
    /// for as long as they hold the list.
    let docIDs: UnsafeMutableBufferPointer<UInt64>
    let frequencies: UnsafeMutableBufferPointer<UInt32>
    let lengths: UnsafeMutableBufferPointer<UInt32>
    /// The largest frequency and the smallest document length: no posting
    /// scores more than a posting with both would.
    let maxFrequency: UInt32
    let minLength: UInt32

    var count: Int { docIDs.count }
    /// Approximate memory held, for the cache's budget.
    var bytes: Int { 64 + docIDs.count * 16 }

    init(docIDs: [UInt64], frequencies: [UInt32], lengths: [UInt32]) {
        precondition(docIDs.count == frequencies.count && docIDs.count == lengths.count)
        self.docIDs = .allocate(capacity: docIDs.count)
        _ = self.docIDs.initialize(from: docIDs)
        self.frequencies = .allocate(capacity: frequencies.count)
        _ = self.frequencies.initialize(from: frequencies)
        self.lengths = .allocate(capacity: lengths.count)
        _ = self.lengths.initialize(from: lengths)
        maxFrequency = frequencies.max() ?? 0
        minLength = lengths.min() ?? 0
    }

    /// The weights for the last average length asked for.
    private let lastImpacts = Mutex<PostingImpacts?>(nil)

    /// The postings' weights under `norm`, computed at most once per average length.
    func impacts(_ norm: Normaliser) -> PostingImpacts {
        if let known = lastImpacts.withLock({ $0 }), known.norm == norm { return known }
        let made = PostingImpacts(self, norm: norm)
        lastImpacts.withLock { $0 = made }
        return made
    }

    deinit {
        docIDs.deallocate()
        frequencies.deallocate()
        lengths.deallocate()
    }

    /// Reads and decodes every block of the term whose blocks start with `prefix`.
    static func read(_ store: any IndexStore, prefix: [UInt8], term: [UInt8]) throws -> PostingList {
        var docIDs: [UInt64] = [], frequencies: [UInt32] = [], lengths: [UInt32] = []
        try store.scan(from: prefix, to: prefix.prefixSuccessor) { _, raw in
            guard decode(raw, &docIDs, &frequencies, &lengths) else { throw PostingBlock.corrupt(BM25Index.termText(term)) }
            return true
        }
        for i in docIDs.indices.dropFirst() where docIDs[i] <= docIDs[i - 1] {
            throw PostingBlock.corrupt(BM25Index.termText(term))
        }
        return PostingList(docIDs: docIDs, frequencies: frequencies, lengths: lengths)
    }

    /// Appends one encoded block's postings (FORMAT.md); false when it is malformed.
    private static func decode(_ raw: UnsafeRawBufferPointer, _ docIDs: inout [UInt64],
                               _ frequencies: inout [UInt32], _ lengths: inout [UInt32]) -> Bool {
        var pos = 0
        guard Varint.read(raw, &pos) != nil, Varint.read(raw, &pos) != nil,
              let n64 = Varint.read(raw, &pos), n64 <= UInt64(raw.count) else { return false }
        let n = Int(n64)
        if docIDs.capacity < docIDs.count + n {  // grow geometrically, not block by block
            let capacity = max(docIDs.count + n, docIDs.capacity * 2)
            docIDs.reserveCapacity(capacity)
            frequencies.reserveCapacity(capacity)
            lengths.reserveCapacity(capacity)
        }
        var docID: UInt64 = 0
        for index in 0..<n {
            guard let delta = Varint.read(raw, &pos), let tf = Varint.read(raw, &pos), let length = Varint.read(raw, &pos),
                  index == 0 || delta > 0, tf > 0, tf <= UInt64(UInt32.max), length <= UInt64(UInt32.max) else {
                return false
            }
            docID &+= delta
            docIDs.append(docID)
            frequencies.append(UInt32(truncatingIfNeeded: tf))
            lengths.append(UInt32(truncatingIfNeeded: length))
        }
        return pos == raw.count
    }
}
