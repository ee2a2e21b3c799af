import Foundation
import ToonCore

/// An approximate nearest-neighbour index: a hierarchical navigable
/// small-world graph (Malkov & Yashunin) laid out in memory as hnswlib lays it.
///
/// - Layer 0 lives in one contiguous buffer of fixed-size element records,
///   `[link count | 2·M links | vector | label]`, addressed by a 32-bit
///   internal id (the slot); links of the upper layers are separate per-element
///   blocks of `M` links per layer; a dictionary maps labels to slots. A
///   loaded index keeps its layer-0 records in the file's copy-on-write
///   mapping until it outgrows them (FORMAT.md, "Loading: the mapping").
/// - Under ``VectorQuantization/scalar8`` the record holds the vector's
///   8-bit codes instead of its floats (a quarter of the bytes), under
///   ``VectorQuantization/binary`` one bit per component: the graph is
///   built and walked on the codes, and searches re-rank their best
///   candidates with full-precision vectors the caller supplies (the index
///   keeps none).
/// - Distances follow ``VectorMetric``: smaller is nearer. Under
///   ``VectorMetric/dotProduct`` the graph is linked by the distances of the
///   vectors lifted onto a sphere (`GraphView.lifted`), which makes construction
///   Euclidean; searches and their results use the plain `−(q·x)`.
/// - Inserts run in parallel (``insert(rows:labels:threads:progress:)``) and
///   alongside searches: each element's link lists are guarded by their own
///   spinlock, held while one list is copied or rewritten.
/// - ``remove(label:)`` leaves a tombstone: the element still routes searches
///   but is never returned. Replacing a label's vector tombstones its old
///   element and links the new vector as a fresh one. Once a tenth of the
///   slots are tombstones, the next insert consolidates them (FreshDiskANN's
///   idea): every list that names one takes the tombstone's neighbours in
///   its place, the tombstones are detached, and inserts reuse their slots.
/// - Every element stays reachable from the entry point on layer 0: a
///   pruned list keeps a link that is an element's only way in (counted in
///   ``InDegrees``), which keeps single inserts sound in practice, and bulk
///   inserts, consolidations, saves and loads run a repair pass that relinks
///   any element the walk from the entry point misses, which makes it
///   certain after each of them. ``verify()`` checks it.
/// - Searches collect up to `efSearch` candidates (default `max(k, 64)`,
///   never below `k`); a filter is applied during the search, and when the
///   graph yields fewer than `k` hits an exact scan of the matching elements
///   completes the answer, so a search returns `min(k, matching elements)`.
///
/// Callbacks (search filters, progress) must not call back into the index.
package final class HNSWIndex: @unchecked Sendable {
    /// The parameters the index was built with (immutable).
    package let parameters: HNSWParameters

    let dimension: Int
    let metric: VectorMetric
    /// The distance kernels of this CPU.
    let kernels = VectorDistance.native
    /// The parameters of a quantized index (nil for ``VectorQuantization/none``).
    let quantizer: Quantizer?
    /// Whether ``quantizer`` has been trained (`meta` guards it; it is set
    /// once, under ``changes`` held exclusively, before the first element).
    var quantizerTrained = false
    /// How stored vectors compare.
    let space: VectorSpace
    /// Bytes of one stored vector in a record.
    let vectorBytes: Int
    /// Links per upper-layer list, and per layer-0 list.
    let maxM: Int, maxM0: Int
    /// `1 / ln(M)`: the scale of the exponential layer distribution.
    let levelScale: Double

    // Layout of a layer-0 record (byte offsets), and of one upper-layer list.
    let vectorOffset: Int, labelOffset: Int, recordSize: Int
    let upperListSize: Int

    // Buffers: reallocated only under the exclusive lock.
    /// The layer-0 records: owned memory, or a loaded file's mapping
    /// (``mapping``) until the index outgrows it.
    var records: UnsafeMutableRawPointer
    /// The mapped file ``records`` points into (copy-on-write), nil once
    /// they are owned memory.
    var mapping: MappedFile?
    /// The checks a load deferred (``ChecksumCheck/inBackground``); set
    /// before the index is shared, never changed after.
    var loadCheck: LoadCheck?
    var levels: UnsafeMutablePointer<Int32>
    var upperLinks: UnsafeMutablePointer<UnsafeMutableRawPointer?>
    /// Per slot: 0 live, 1 removed (still routes), 2 detached (free for reuse).
    var tombstones: UnsafeMutablePointer<UInt8>
    /// `|x|²` of every slot; written for ``VectorMetric/dotProduct`` only.
    var squaredNorms: UnsafeMutablePointer<Float>
    var nodeLocks: NodeLocks
    /// Layer-0 in-links of every slot.
    var inDegrees: InDegrees
    var capacity: Int

    /// Shared by every change (inserts, removals), exclusive while a save
    /// writes the file: the saved image stays consistent while searches,
    /// which do not take it, go on. Taken before ``structure``.
    let changes = ReadWriteLock()

    /// Shared for searches and fresh inserts, exclusive for everything that
    /// moves buffers or rewrites an existing slot.
    let structure = ReadWriteLock()

    /// Guards the bookkeeping below.
    let meta = ConditionLock()
    var slotCount = 0
    var labelToSlot: [UInt64: UInt32] = [:]
    var pendingLabels: Set<UInt64> = []
    /// Removed elements that still route searches (tombstone byte 1).
    var removedSlots: [UInt32] = []
    /// Detached slots, free for reuse (tombstone byte 2).
    var freeSlots: [UInt32] = []
    var rngState: UInt64

    /// Guards the entry point, the top layer and the largest squared norm.
    let entryLock = ConditionLock()
    var entryPoint: Int32 = -1
    var maxLevel: Int32 = -1
    /// The largest `|x|²` of any element ever linked (``VectorMetric/dotProduct``):
    /// the radius² of the sphere construction lifts vectors onto (GraphView.lifted).
    var maxSquaredNorm: Float = 0

    /// Reusable search memory, one per concurrent search.
    let scratchLock = ConditionLock()
    var scratchPool: [SearchScratch] = []

    /// An empty index. Throws `invalidArgument` when a parameter is out of
    /// range (see ``HNSWParameters/validate()``).
    package convenience init(_ parameters: HNSWParameters, capacity: Int = 1024) throws {
        try self.init(parameters, capacity: capacity, mapped: nil)
    }

    /// An empty index, or one whose `capacity` records are those of a
    /// loaded file at byte `mapped.offset` of its mapping.
    init(_ parameters: HNSWParameters, capacity: Int, mapped: (file: MappedFile, offset: Int)?) throws {
        try parameters.validate()
        guard capacity >= 0 else {
            throw ToonDBError(.invalidArgument, "HNSW capacity \(capacity) is negative", remediation: "pass a capacity of 0 or more")
        }
        self.parameters = parameters
        dimension = parameters.dimension
        metric = parameters.metric
        maxM = parameters.m
        maxM0 = parameters.m * 2
        levelScale = 1 / log(Double(parameters.m))
        (vectorOffset, labelOffset, recordSize) = Self.recordLayout(parameters)
        vectorBytes = parameters.quantization.vectorBytes(dimension: dimension)
        quantizer = parameters.quantization == .none ? nil : Quantizer.allocate(parameters.quantization, dimension: dimension)
        space = VectorSpace(kernels: kernels, metric: metric, dimension: dimension, quantizer: quantizer)
        upperListSize = 4 + 4 * maxM
        rngState = parameters.seed
        let initial = mapped == nil ? max(capacity, 16) : capacity
        self.capacity = initial
        if let mapped {
            records = mapped.file.bytes.baseAddress! + mapped.offset
            mapping = mapped.file
        } else {
            records = .allocate(byteCount: initial * recordSize, alignment: 64)
            records.initializeMemory(as: UInt8.self, repeating: 0, count: initial * recordSize)
        }
        levels = .allocate(capacity: initial)
        upperLinks = .allocate(capacity: initial)
        upperLinks.initialize(repeating: nil, count: initial)
        tombstones = .allocate(capacity: initial)
        tombstones.initialize(repeating: 0, count: initial)
        squaredNorms = .allocate(capacity: initial)
        squaredNorms.initialize(repeating: 0, count: initial)
        nodeLocks = NodeLocks(count: initial)
        inDegrees = InDegrees(count: initial)
    }

    deinit {
        for i in 0..<slotCount { upperLinks[i]?.deallocate() }
        if mapping == nil { records.deallocate() }
        levels.deallocate()
        upperLinks.deallocate()
        tombstones.deallocate()
        squaredNorms.deallocate()
        quantizer?.deallocate()
    }

    static func roundUp(_ n: Int, _ to: Int) -> Int { (n + to - 1) / to * to }

    /// Byte offsets of the vector and the label in a layer-0 record, and the record size.
    static func recordLayout(_ p: HNSWParameters) -> (vector: Int, label: Int, size: Int) {
        let vector = roundUp(4 + 4 * 2 * p.m, 16)
        let label = roundUp(vector + p.quantization.vectorBytes(dimension: p.dimension), 8)
        return (vector, label, roundUp(label + 8, 16))
    }

    /// The instruction set of the distance kernels this process uses:
    /// "avx512f", "avx2+fma" or "baseline" (chosen from the CPU at run time).
    package static var distanceKernels: String { VectorDistance.native.name }

    /// The number of live (inserted and not removed) elements.
    package var count: Int { meta.withLock { labelToSlot.count } }

    /// Whether an element with `label` is in the index.
    package func contains(label: UInt64) -> Bool { meta.withLock { labelToSlot[label] != nil } }

    /// The labels of the live elements, in ascending order.
    package var labels: [UInt64] { meta.withLock { Array(labelToSlot.keys) }.sorted() }

    /// The stored vector of `label` (for cosine: normalised to unit length;
    /// under quantization: its code decoded, see ``VectorQuantization``), or nil.
    package func vector(label: UInt64) -> [Float]? {
        structure.withReadLock {
            guard let slot = meta.withLock({ labelToSlot[label] }) else { return nil }
            if let quantizer { return quantizer.decode(vectorPointer(Int(slot)).assumingMemoryBound(to: UInt8.self)) }
            let p = vectorPointer(Int(slot)).assumingMemoryBound(to: Float.self)
            return Array(UnsafeBufferPointer(start: p, count: dimension))
        }
    }

    // MARK: Record access

    @inline(__always)
    func record(_ slot: Int) -> UnsafeMutableRawPointer { records + slot &* recordSize }

    @inline(__always)
    func vectorPointer(_ slot: Int) -> UnsafeMutableRawPointer { records + (slot &* recordSize &+ vectorOffset) }

    @inline(__always)
    func label(ofSlot slot: Int) -> UInt64 { records.load(fromByteOffset: slot &* recordSize &+ labelOffset, as: UInt64.self) }

    /// The link list of `slot` on `level`: a count followed by the links.
    @inline(__always)
    func linkList(_ slot: Int, level: Int) -> UnsafeMutablePointer<UInt32> {
        if level == 0 { return record(slot).assumingMemoryBound(to: UInt32.self) }
        return (upperLinks[slot]! + (level &- 1) &* upperListSize).assumingMemoryBound(to: UInt32.self)
    }

    /// The buffers as they are now; the shared or exclusive lock must be held while it is used.
    var view: GraphView {
        GraphView(records: records, recordSize: recordSize, vectorOffset: vectorOffset, labelOffset: labelOffset,
                  upperLinks: upperLinks, upperListSize: upperListSize, tombstones: tombstones, locks: nodeLocks,
                  slots: capacity, squaredNorms: squaredNorms, space: space)
    }

    @inline(__always)
    func distance(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer) -> Float {
        space.distance(a, b)
    }

    /// Grows every buffer to hold at least `needed` slots; the exclusive lock must be held.
    func grow(toHold needed: Int) {
        guard needed > capacity else { return }
        let newCapacity = max(needed, capacity * 2)
        let newRecords = UnsafeMutableRawPointer.allocate(byteCount: newCapacity * recordSize, alignment: 64)
        newRecords.initializeMemory(as: UInt8.self, repeating: 0, count: newCapacity * recordSize)
        newRecords.copyMemory(from: records, byteCount: slotCount * recordSize)
        if mapping == nil { records.deallocate() }
        mapping = nil
        records = newRecords
        let newLevels = UnsafeMutablePointer<Int32>.allocate(capacity: newCapacity)
        newLevels.update(from: levels, count: slotCount)
        levels.deallocate()
        levels = newLevels
        let newUpper = UnsafeMutablePointer<UnsafeMutableRawPointer?>.allocate(capacity: newCapacity)
        newUpper.initialize(repeating: nil, count: newCapacity)
        newUpper.update(from: upperLinks, count: slotCount)
        upperLinks.deallocate()
        upperLinks = newUpper
        let newTombstones = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newTombstones.initialize(repeating: 0, count: newCapacity)
        newTombstones.update(from: tombstones, count: slotCount)
        tombstones.deallocate()
        tombstones = newTombstones
        let newNorms = UnsafeMutablePointer<Float>.allocate(capacity: newCapacity)
        newNorms.initialize(repeating: 0, count: newCapacity)
        newNorms.update(from: squaredNorms, count: slotCount)
        squaredNorms.deallocate()
        squaredNorms = newNorms
        nodeLocks = NodeLocks(count: newCapacity)
        let newInDegrees = InDegrees(count: newCapacity)
        for i in 0..<slotCount { newInDegrees.store(UInt32(i), inDegrees[UInt32(i)]) }
        inDegrees = newInDegrees
        capacity = newCapacity
    }

    /// A random layer from the exponential distribution of HNSW; `meta` must be held.
    func drawLevel() -> Int {
        // SplitMix64: a seeded, well-mixed stream.
        rngState &+= 0x9E37_79B9_7F4A_7C15
        let uniform = (Double(SplitMix64.mix(rngState) >> 11) + 0.5) / Double(1 << 53)
        return min(Int(-log(uniform) * levelScale), 48)
    }

    // MARK: Input checks

    /// Checks a vector's shape and values and returns it as stored: the
    /// components themselves, or (for cosine) the unit vector.
    func prepared(_ v: UnsafeBufferPointer<Float>, what: @autoclosure () -> String) throws -> [Float] {
        guard !v.isEmpty else {
            throw ToonDBError(.invalidArgument, "\(what()) is empty", remediation: "pass \(dimension) numbers")
        }
        guard v.count == dimension else {
            throw ToonDBError(.dimensionMismatch, "\(what()) has \(v.count) components but the index has dimension \(dimension)",
                              remediation: "pass vectors of exactly \(dimension) numbers")
        }
        var squares: Float = 0
        for (i, x) in v.enumerated() {
            guard x.isFinite else {
                throw ToonDBError(.invalidArgument, "\(what()) has a non-finite component \(x) at position \(i)",
                                  remediation: "replace NaN and infinite values before indexing")
            }
            squares += x * x
        }
        guard squares.isFinite else {
            throw ToonDBError(.invalidArgument, "\(what()) is too large: the sum of its squared components overflows",
                              remediation: "scale the vectors down")
        }
        guard metric == .cosine else { return Array(v) }
        guard squares > 0 else {
            throw ToonDBError(.invalidArgument, "\(what()) is a zero vector, which has no cosine distance",
                              remediation: "drop zero vectors or use the euclidean metric")
        }
        let scale = 1 / squares.squareRoot()
        return v.map { $0 * scale }
    }

    /// The stored form of prepared vectors (row-major, `dimension` floats
    /// each): their bytes, or their codes under quantization.
    func stored(_ prepared: [Float]) -> [UInt8] {
        let rows = prepared.count / dimension
        guard let quantizer else { return prepared.withUnsafeBytes { Array($0) } }
        let size = quantizer.codeBytes
        var codes = [UInt8](repeating: 0, count: rows * size)
        prepared.withUnsafeBufferPointer { v in
            codes.withUnsafeMutableBufferPointer { c in
                for r in 0..<rows { quantizer.encode(v.baseAddress! + r * dimension, into: c.baseAddress! + r * size) }
            }
        }
        return codes
    }

    /// Trains the quantizer on `prepared` rows if it has not been trained
    /// yet (the first batch inserted into the index); waits for running changes.
    func trainIfNeeded(_ prepared: [Float]) {
        guard let quantizer, !meta.withLock({ quantizerTrained }) else { return }
        changes.withWriteLock {
            structure.withWriteLock {
                guard !meta.withLock({ quantizerTrained }) else { return }
                prepared.withUnsafeBufferPointer { quantizer.train($0) }
                meta.withLock { quantizerTrained = true }
            }
        }
    }
}

extension HNSWIndex {
    /// Removed elements not yet reused (routing ones and detached ones).
    var tombstoneCount: Int { meta.withLock { removedSlots.count + freeSlots.count } }
    /// The top layer of the graph (-1 when empty).
    package var topLevel: Int { entryLock.withLock { Int(maxLevel) } }
}
