import Foundation
import ToonCore

/// The bytes an ``Importer`` reads, a chunk at a time, so an import holds
/// only a chunk and the record being read however large its input: a file,
/// standard input, or bytes in memory.
public struct ImportInput: Sendable {
    enum Origin: Sendable {
        case file(String)
        case standardInput
        case bytes([UInt8])
    }

    let origin: Origin
    /// The size in bytes, when known (a regular file, or bytes in memory).
    public let size: Int?
    /// Whether the input can be read twice: a regular file or bytes in
    /// memory, but not standard input or a pipe.
    public let isRereadable: Bool
    /// Bytes per read (1 MiB unless set).
    public var chunkSize = 1 << 20

    /// The file at `path`. Throws `notFound` when it cannot be read.
    public static func file(_ path: String) throws -> ImportInput {
        var info = stat()
        guard stat(path, &info) == 0, access(path, R_OK) == 0, (info.st_mode & S_IFMT) != S_IFDIR else {
            throw ToonDBError(.notFound, "cannot read \(path.debugDescription)", remediation: "check the file exists and is readable")
        }
        let regular = (info.st_mode & S_IFMT) == S_IFREG
        return ImportInput(origin: .file(path), size: regular ? Int(info.st_size) : nil, isRereadable: regular)
    }

    /// Standard input, read once.
    public static var standardInput: ImportInput {
        ImportInput(origin: .standardInput, size: nil, isRereadable: false)
    }

    /// Bytes in memory.
    public static func bytes(_ bytes: [UInt8]) -> ImportInput {
        ImportInput(origin: .bytes(bytes), size: bytes.count, isRereadable: true)
    }

    /// A new reading from the start.
    func open() throws -> ChunkStream {
        switch origin {
        case .file(let path):
            let fd = Foundation.open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw ToonDBError.io("open", path: path, errno: errno) }
            return ChunkStream(descriptor: fd, closes: true, name: path, chunkSize: chunkSize)
        case .standardInput:
            return ChunkStream(descriptor: 0, closes: false, name: "standard input", chunkSize: chunkSize)
        case .bytes(let bytes):
            return ChunkStream(bytes: bytes, chunkSize: chunkSize)
        }
    }
}

/// One reading of an ``ImportInput``: its chunks in order, and how many bytes
/// have been read so far.
package final class ChunkStream {
    private let descriptor: Int32
    private let closes: Bool
    private let name: String
    private let chunkSize: Int
    private let bytes: [UInt8]
    /// Bytes handed out so far.
    package private(set) var bytesRead = 0

    init(descriptor: Int32, closes: Bool, name: String, chunkSize: Int) {
        self.descriptor = descriptor
        self.closes = closes
        self.name = name
        self.chunkSize = max(chunkSize, 1)
        bytes = []
    }

    /// Chunks of `bytes`, `chunkSize` at a time (tests use tiny chunks to cut records anywhere).
    package init(bytes: [UInt8], chunkSize: Int) {
        descriptor = -1
        closes = false
        name = "the input"
        self.chunkSize = max(chunkSize, 1)
        self.bytes = bytes
    }

    /// The next chunk (never empty), or nil at the end.
    package func next() throws -> ArraySlice<UInt8>? {
        if descriptor < 0 {
            guard bytesRead < bytes.count else { return nil }
            let end = min(bytesRead + chunkSize, bytes.count)
            defer { bytesRead = end }
            return bytes[bytesRead..<end]
        }
        var buffer = [UInt8](repeating: 0, count: chunkSize)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, chunkSize) }
            if n > 0 {
                bytesRead += n
                return buffer[0..<n]
            }
            if n == 0 { return nil }
            if errno != EINTR { throw ToonDBError.io("read", path: name, errno: errno) }
        }
    }

    deinit { if closes { close(descriptor) } }
}
