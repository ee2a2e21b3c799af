import Foundation

/// The lines of a ``ChunkStream``, one at a time, holding only the chunk
/// being read and the line that spans chunks: a line ends at LF, a CR before
/// the LF is dropped (also when the two are in different chunks), and a last
/// line without LF is still a line. Lines are numbered from 1.
package struct ChunkedLineReader {
    private let stream: ChunkStream
    private var buffer: [UInt8] = []
    /// Where the next line starts in `buffer`.
    private var start = 0
    private var atEnd = false
    private var number = 0

    package init(_ stream: ChunkStream) { self.stream = stream }

    /// The next line without its line break, with its number; nil after the last.
    package mutating func next() throws -> (number: Int, text: ArraySlice<UInt8>)? {
        var searchFrom = start
        while true {
            if let lf = Self.newline(in: buffer, from: searchFrom) {
                let end = lf > start && buffer[lf - 1] == 13 ? lf - 1 : lf
                defer { start = lf + 1 }
                number += 1
                return (number, buffer[start..<end])
            }
            if atEnd {
                guard start < buffer.count else { return nil }
                let end = buffer.last == 13 ? buffer.count - 1 : buffer.count
                defer { start = buffer.count }
                number += 1
                return (number, buffer[start..<end])
            }
            // Keep only the unfinished line, then read on.
            if start > 0 {
                buffer.removeSubrange(0..<start)
                start = 0
            }
            searchFrom = buffer.count
            if let chunk = try stream.next() { buffer.append(contentsOf: chunk) } else { atEnd = true }
        }
    }

    private static func newline(in buffer: [UInt8], from: Int) -> Int? {
        guard from < buffer.count else { return nil }
        return buffer.withUnsafeBufferPointer { p -> Int? in
            guard let found = memchr(p.baseAddress! + from, 10, p.count - from) else { return nil }
            return p.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
    }
}
