/// A file's bytes in memory, copy-on-write: writes to ``bytes`` change
/// this process's copy only, never the file (``FileSystem/mappedFile(_:)``).
/// The memory lives as long as the object.
package final class MappedFile: @unchecked Sendable {
    /// The file's path.
    package let path: String
    /// The file's bytes as they were when it was mapped; writable.
    package let bytes: UnsafeMutableRawBufferPointer
    private let release: (UnsafeMutableRawBufferPointer) -> Void

    /// Wraps memory that `release` frees when the object goes away.
    package init(path: String, bytes: UnsafeMutableRawBufferPointer,
                release: @escaping (UnsafeMutableRawBufferPointer) -> Void) {
        self.path = path
        self.bytes = bytes
        self.release = release
    }

    /// A copy of `contents` in owned memory, for file systems that cannot
    /// map (an in-memory one) and for bytes already read.
    package convenience init(path: String, copying contents: [UInt8]) {
        let memory = UnsafeMutableRawBufferPointer.allocate(byteCount: contents.count, alignment: 64)
        contents.withUnsafeBytes { memory.copyMemory(from: $0) }
        self.init(path: path, bytes: memory) { $0.deallocate() }
    }

    deinit { release(bytes) }
}

/// A file system that can map a file copy-on-write (``PosixFileSystem``);
/// the engine's own concern, so a user's ``FileSystem`` need not know it.
package protocol MappingFileSystem: FileSystem {
    /// The whole file in memory, copy-on-write: pages are read when first touched.
    func mapPrivately(_ path: String) throws -> MappedFile
}

extension FileSystem {
    /// The whole file in memory, copy-on-write: mapped by a
    /// ``MappingFileSystem``, else read into owned memory.
    package func mappedFile(_ path: String) throws -> MappedFile {
        if let mapping = self as? any MappingFileSystem { return try mapping.mapPrivately(path) }
        let file = try openReadable(path)
        defer { file.close() }
        return MappedFile(path: path, copying: try file.read(at: 0, count: file.size))
    }
}
