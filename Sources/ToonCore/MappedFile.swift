/// A file's bytes in memory, copy-on-write: writes to ``bytes`` change
/// this process's copy only, never the file (``FileSystem/mapPrivately(_:)``).
/// The memory lives as long as the object.
public final class MappedFile: @unchecked Sendable {
    /// The file's path.
    public let path: String
    /// The file's bytes as they were when it was mapped; writable.
    public let bytes: UnsafeMutableRawBufferPointer
    private let release: (UnsafeMutableRawBufferPointer) -> Void

    /// Wraps memory that `release` frees when the object goes away.
    public init(path: String, bytes: UnsafeMutableRawBufferPointer,
                release: @escaping (UnsafeMutableRawBufferPointer) -> Void) {
        self.path = path
        self.bytes = bytes
        self.release = release
    }

    /// A copy of `contents` in owned memory, for file systems that cannot
    /// map (an in-memory one) and for bytes already read.
    public convenience init(path: String, copying contents: [UInt8]) {
        let memory = UnsafeMutableRawBufferPointer.allocate(byteCount: contents.count, alignment: 64)
        contents.withUnsafeBytes { memory.copyMemory(from: $0) }
        self.init(path: path, bytes: memory) { $0.deallocate() }
    }

    deinit { release(bytes) }
}

extension FileSystem {
    /// Reads the whole file into owned memory: what a file system that
    /// cannot map offers (``PosixFileSystem`` maps instead).
    public func mapPrivately(_ path: String) throws -> MappedFile {
        let file = try openReadable(path)
        defer { file.close() }
        return MappedFile(path: path, copying: try file.read(at: 0, count: file.size))
    }
}
