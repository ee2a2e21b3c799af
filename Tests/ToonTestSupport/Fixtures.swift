import Foundation

/// A small deterministic random generator (SplitMix64), so a failing seed can be replayed.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator starting from `seed`.
    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Copies a database directory while it is open: the copy is what a crash at
/// this moment would leave on disk (the log holds everything not yet flushed).
public func crashImage(of source: String, into destination: String) throws {
    let fm = FileManager.default
    try? fm.removeItem(atPath: destination)
    try fm.createDirectory(atPath: destination, withIntermediateDirectories: true)
    for name in try fm.contentsOfDirectory(atPath: source) {
        try fm.copyItem(atPath: source + "/" + name, toPath: destination + "/" + name)
    }
}

/// Flips one bit of the byte at `offset` in a file.
public func flipByte(in path: String, at offset: Int) throws {
    let h = try FileHandle(forUpdating: URL(fileURLWithPath: path))
    defer { try? h.close() }
    try h.seek(toOffset: UInt64(offset))
    let b = try h.read(upToCount: 1) ?? Data([0])
    try h.seek(toOffset: UInt64(offset))
    try h.write(contentsOf: Data([b[b.startIndex] ^ 0x10]))
}

/// The files of a directory whose names end with `suffix`, sorted.
public func files(in dir: String, suffix: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(suffix) }.sorted()
        .map { dir + "/" + $0 }
}

/// A file's size in bytes.
public func fileSize(_ path: String) -> Int {
    ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
}
