/// Whole-file operations built on the ``FileSystem`` primitives, so that every
/// caller replaces and reads files the same way.
extension FileSystem {
    /// Replaces the file at `path` atomically: `body` writes a temporary file
    /// beside it (`path` + `.tmp`), which is synced, closed and renamed over
    /// `path`, and then the directory is synced. After a crash at any point
    /// `path` holds either its old or its new contents. When `body` or any step
    /// before the rename fails, the temporary file is removed and the error
    /// is rethrown; `path` is untouched.
    public func replaceAtomically(_ path: String, _ body: (any WritableFile) throws -> Void) throws {
        try replaceAtomically(path, body, renamed: {})
    }

    /// ``replaceAtomically(_:_:)``, calling `renamed` once the new file is in
    /// place: an error after that (the directory sync) leaves `path` holding
    /// the new contents, durable or not, so the caller must not act as if
    /// the replacement never happened (a database keeps the files both
    /// versions name).
    package func replaceAtomically(_ path: String, _ body: (any WritableFile) throws -> Void,
                                   renamed: () -> Void) throws {
        let temp = path + ".tmp"
        let file = try openWritable(temp, truncate: true)
        do {
            try body(file)
            try file.sync()
            try file.close()
        } catch {
            try? file.close()
            try? remove(temp)
            throw error
        }
        do {
            try rename(temp, path)
        } catch {
            try? remove(temp)
            throw error
        }
        renamed()
        try syncDirectory(FilePaths.parent(of: path))
    }

    /// Replaces the file at `path` atomically with `bytes` (see ``replaceAtomically(_:_:)``).
    public func replaceAtomically(_ path: String, with bytes: [UInt8]) throws {
        try replaceAtomically(path) { try $0.append(bytes) }
    }

    /// Every byte of the file at `path`.
    public func readAll(_ path: String) throws -> [UInt8] {
        let file = try openReadable(path)
        defer { file.close() }
        let bytes = try file.read(at: 0, count: file.size)
        guard bytes.count == file.size else {
            throw ToonDBError(.ioError, "\(path): read \(bytes.count) of \(file.size) bytes (the file shrank while it was read)")
        }
        return bytes
    }
}

/// Pure path arithmetic on `/`-separated paths (no file-system calls).
package enum FilePaths {
    /// The directory holding `path`: `.` for a bare name, `/` for a name in the root.
    package static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
