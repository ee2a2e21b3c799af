import Foundation
import ToonCore

/// The deterministic generator of tests (ToonCore's SplitMix64), so a failing seed can be replayed.
package typealias SeededRandom = SplitMix64

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
