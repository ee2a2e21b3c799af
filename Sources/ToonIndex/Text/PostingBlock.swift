import Synchronization
import ToonCore

/// One posting: a document that holds a term, how often, and the document's length.
struct Posting: Equatable {
    var docID: UInt64
    var frequency: UInt32
    var length: UInt32
}

/// A run of one term's postings, ascending by document, stored under one key
/// (FORMAT.md). A block keyed by upper bound U holds the term's postings with
/// previous block's U < docID <= U; the term's last block, the *tail*, has
/// U = UInt64.max and records `floor`, a number at least as large as every
/// other block's U, so that a document above the floor is known to belong in
/// the tail without a scan.
struct PostingBlock {
    /// Postings per block before it splits.
    static let capacity = 128

    /// Tail only: every other block of the term has an upper bound <= floor; nil when there is none.
    var floor: UInt64?
    /// Tail only: a number that changes whenever any block of the term changes,
    /// unique across writes (``PostingBlock/newVersion()``), so that decoded
    /// postings can be cached under it. 0 in other blocks.
    var version: UInt64 = 0
    var postings: [Posting]

    init(floor: UInt64?, postings: [Posting]) {
        self.floor = floor
        self.postings = postings
    }

    /// A version no other write of this process made, and unlikely (2^-64)
    /// to equal one of another process: a random base plus a counter.
    static func newVersion() -> UInt64 {
        versionBase &+ versionCounter.add(1, ordering: .relaxed).newValue
    }
    private static let versionBase = UInt64.random(in: 1 ... .max / 2)
    private static let versionCounter = Atomic<UInt64>(0)

    /// Whether `docID` belongs in the tail without looking at other blocks.
    func tailHolds(_ docID: UInt64) -> Bool {
        floor.map { docID > $0 } ?? true
    }

    func encoded() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(4 + postings.count * 5)
        Varint.append(floor.map { $0 &+ 1 } ?? 0, to: &out)
        Varint.append(version, to: &out)
        Varint.append(UInt64(postings.count), to: &out)
        var previous: UInt64 = 0
        for p in postings {
            Varint.append(p.docID &- previous, to: &out)
            Varint.append(UInt64(p.frequency), to: &out)
            Varint.append(UInt64(p.length), to: &out)
            previous = p.docID
        }
        return out
    }

    /// Decodes a block; `term` names it in the error.
    static func decode(_ raw: UnsafeRawBufferPointer, term: @autoclosure () -> String) throws -> PostingBlock {
        var pos = 0
        guard let floorPlusOne = Varint.read(raw, &pos), let version = Varint.read(raw, &pos) else { throw corrupt(term()) }
        var block = PostingBlock(floor: floorPlusOne == 0 ? nil : floorPlusOne &- 1, postings: [])
        block.version = version
        try decodePostings(raw, from: &pos, term: term()) { block.postings.append($0) }
        return block
    }

    /// The number of postings in an encoded block, without decoding them.
    static func count(_ raw: UnsafeRawBufferPointer, term: @autoclosure () -> String) throws -> Int {
        var pos = 0
        guard Varint.read(raw, &pos) != nil, Varint.read(raw, &pos) != nil, let n = Varint.read(raw, &pos),
              n <= UInt64(raw.count) else {
            throw corrupt(term())
        }
        return Int(n)
    }

    @inline(__always)
    private static func decodePostings(_ raw: UnsafeRawBufferPointer, from pos: inout Int, term: @autoclosure () -> String,
                                       _ body: (Posting) -> Void) throws {
        guard let n = Varint.read(raw, &pos), n <= UInt64(raw.count) else { throw corrupt(term()) }
        var docID: UInt64 = 0
        for index in 0..<Int(n) {
            guard let delta = Varint.read(raw, &pos), let tf = Varint.read(raw, &pos), let length = Varint.read(raw, &pos),
                  index == 0 || delta > 0, tf > 0, tf <= UInt64(UInt32.max), length <= UInt64(UInt32.max) else {
                throw corrupt(term())
            }
            docID &+= delta
            body(Posting(docID: docID, frequency: UInt32(tf), length: UInt32(length)))
        }
        guard pos == raw.count else { throw corrupt(term()) }
    }

    static func corrupt(_ term: String) -> ToonDBError {
        ToonDBError(.corruption, "the text index's posting block of term \"\(term)\" is malformed",
                    remediation: "rebuild the text index from the documents")
    }
}
