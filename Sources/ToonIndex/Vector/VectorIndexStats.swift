/// What an ``HNSWIndex`` holds and the memory it takes (``HNSWIndex/stats``).
public struct VectorIndexStats: Sendable, Equatable {
    /// Live elements.
    public var elements: Int
    /// Removed elements not yet reused: those that still route searches
    /// and detached slots waiting for an insert.
    public var tombstones: Int
    /// How the vectors are stored.
    public var quantization: VectorQuantization
    /// Bytes one element's vector takes in the index: `4·dimension` floats,
    /// `dimension` codes under ``VectorQuantization/scalar8``, `dimension / 8`
    /// (rounded up) under ``VectorQuantization/binary``.
    public var bytesPerVector: Int
    /// Bytes of the graph's links: the layer-0 link lists of every slot and
    /// the upper-layer lists.
    public var graphBytes: Int
    /// Bytes of every slot's record, level, tombstone byte and upper-layer
    /// lists, plus the quantizer's ranges: the index's resident size (the
    /// label map and search scratch aside).
    public var indexBytes: Int

    /// ``indexBytes`` per live element (0 when empty).
    public var bytesPerElement: Double { elements == 0 ? 0 : Double(indexBytes) / Double(elements) }
}

extension HNSWIndex {
    /// The element counts and memory of the index now.
    package var stats: VectorIndexStats {
        structure.withReadLock {
            let (slots, live, removed) = meta.withLock { (slotCount, labelToSlot.count, removedSlots.count + freeSlots.count) }
            var upper = 0
            for i in 0..<slots { upper += Int(levels[i]) * upperListSize }
            let layer0Links = slots * (4 + 4 * maxM0)
            let quantizerBytes = quantizer == nil ? 0 : 8 * dimension
            return VectorIndexStats(elements: live, tombstones: removed, quantization: parameters.quantization,
                                    bytesPerVector: vectorBytes, graphBytes: layer0Links + upper,
                                    indexBytes: slots * (recordSize + 4 + 1) + upper + quantizerBytes)
        }
    }
}
