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

    /// Takes ownership of filled buffers.
    private init(_ b: consuming Buffers) {
        docIDs = UnsafeMutableBufferPointer(start: b.ids, count: b.count)
        frequencies = UnsafeMutableBufferPointer(start: b.frequencies, count: b.count)
        lengths = UnsafeMutableBufferPointer(start: b.lengths, count: b.count)
        maxFrequency = frequencies.max() ?? 0
        minLength = lengths.min() ?? 0
        b.release()
    }

    /// Reads and decodes every block of the term whose blocks start with `prefix`.
    static func read(_ store: any IndexStore, prefix: [UInt8], term: [UInt8]) throws -> PostingList {
        var buffers = Buffers()
        var previous: UInt64?
        do {
            try store.scan(from: prefix, to: prefix.prefixSuccessor) { _, raw in
                guard buffers.decode(raw, after: &previous) else { throw PostingBlock.corrupt(BM25Index.termText(term)) }
                return true
            }
        } catch {
            buffers.free()
            throw error
        }
        return PostingList(buffers)
    }

    /// Decodes the list of every term with at least `minimum` postings into
    /// `cache`, with its weights under `norm`, in one pass over all blocks;
    /// returns the number of lists cached.
    static func preload(_ store: any IndexStore, into cache: TextIndexCache, norm: Normaliser, minimum: Int) throws -> Int {
        var buffers = Buffers()
        var previous: UInt64?
        var loaded = 0
        var failure: ToonDBError?
        try store.scan(from: [TextKeys.postingTag], to: [TextKeys.postingTag + 1]) { key, raw in
            guard key.count >= 10, key[key.count - 9] == 0 else {
                failure = PostingBlock.corrupt("?")
                return false
            }
            guard buffers.decode(raw, after: &previous) else {
                failure = PostingBlock.corrupt(String(decoding: key[1..<(key.count - 9)], as: UTF8.self))
                return false
            }
            guard TextKeys.upper(ofBlockKey: key, prefixCount: key.count - 8) == TextKeys.tailUpper else { return true }
            // The tail ends the term: its list is complete.
            var pos = 0
            _ = Varint.read(raw, &pos)
            let version = Varint.read(raw, &pos) ?? 0
            let done = buffers
            buffers = Buffers()
            previous = nil
            if done.count >= minimum {
                let list = PostingList(done)
                _ = list.impacts(norm)
                cache.store(list, version: version)
                loaded += 1
            } else {
                done.free()
            }
            return true
        }
        buffers.free()
        if let failure { throw failure }
        return loaded
    }

    /// Growable parallel buffers that decoding fills, handed to a list without copying.
    private struct Buffers: ~Copyable {
        var ids = UnsafeMutablePointer<UInt64>.allocate(capacity: 0)
        var frequencies = UnsafeMutablePointer<UInt32>.allocate(capacity: 0)
        var lengths = UnsafeMutablePointer<UInt32>.allocate(capacity: 0)
        var count = 0
        var capacity = 0

        mutating func reserve(_ more: Int) {
            guard count + more > capacity else { return }
            let c = max(count + more, capacity * 2, 256)
            let i = UnsafeMutablePointer<UInt64>.allocate(capacity: c)
            i.moveInitialize(from: ids, count: count)
            ids.deallocate()
            ids = i
            let f = UnsafeMutablePointer<UInt32>.allocate(capacity: c)
            f.moveInitialize(from: frequencies, count: count)
            frequencies.deallocate()
            frequencies = f
            let l = UnsafeMutablePointer<UInt32>.allocate(capacity: c)
            l.moveInitialize(from: lengths, count: count)
            lengths.deallocate()
            lengths = l
            capacity = c
        }

        /// Gives up the buffers without freeing them (their new owner frees them).
        consuming func release() { discard self }

        consuming func free() {
            ids.deallocate()
            frequencies.deallocate()
            lengths.deallocate()
            discard self
        }

        deinit {
            ids.deallocate()
            frequencies.deallocate()
            lengths.deallocate()
        }

        /// The varint at `pos`: one-byte values here, longer ones through ``Varint/read(_:_:)``.
        @inline(__always)
        private static func varint(_ raw: UnsafeRawBufferPointer, _ base: UnsafePointer<UInt8>, _ pos: inout Int) -> UInt64? {
            if pos < raw.count && base[pos] < 0x80 {
                pos += 1
                return UInt64(base[pos - 1])
            }
            return Varint.read(raw, &pos)
        }

        /// Appends one encoded block's postings (FORMAT.md), which must all
        /// follow `previous`; false when the block is malformed.
        mutating func decode(_ raw: UnsafeRawBufferPointer, after previous: inout UInt64?) -> Bool {
            guard let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return false }
            let end = raw.count
            var pos = 0
            // `pos` is passed, never captured: a nested function capturing it and passing it
            // on to `Varint.read` got a dynamic exclusivity check around every such call.
            guard Self.varint(raw, base, &pos) != nil, Self.varint(raw, base, &pos) != nil,
                  let n64 = Self.varint(raw, base, &pos), n64 <= UInt64(end) else { return false }
            let n = Int(n64)
            reserve(n)
            var docID: UInt64 = 0
            for index in 0..<n {
                guard let delta = Self.varint(raw, base, &pos), let tf = Self.varint(raw, base, &pos),
                      let length = Self.varint(raw, base, &pos),
                      tf > 0, tf <= UInt64(UInt32.max), length <= UInt64(UInt32.max) else { return false }
                docID &+= delta
                guard index == 0 ? previous.map({ docID > $0 }) ?? true : delta > 0 else { return false }
                ids[count] = docID
                frequencies[count] = UInt32(truncatingIfNeeded: tf)
                lengths[count] = UInt32(truncatingIfNeeded: length)
                count += 1
            }
            if n > 0 { previous = docID }
            return pos == end
        }
    }
}
