/// The one seam through which the engine touches files (in the manner of
/// LevelDB's `Env`). ``PosixFileSystem`` calls the OS; tests wrap it to inject
/// faults (short writes, failed fsyncs, a full disk) at chosen points.
public protocol FileSystem: Sendable {
    /// Creates `path` and any missing parents, durably: each directory made
    /// is synced into its parent before the call returns.
    func createDirectory(_ path: String) throws
    /// Whether something exists at `path`.
    func fileExists(_ path: String) -> Bool
    /// Whether `path` is a directory.
    func isDirectory(_ path: String) -> Bool
    /// The names (not paths) in a directory.
    func listDirectory(_ path: String) throws -> [String]
    /// Opens a file for appending, creating it; `truncate` empties it first.
    func openWritable(_ path: String, truncate: Bool) throws -> any WritableFile
    /// Opens a file for positional reads.
    func openReadable(_ path: String) throws -> any ReadableFile
    /// Makes `to` a second name of the file `from` (a hard link); throws where
    /// the file system cannot (another device, no link support).
    func hardLink(_ from: String, _ to: String) throws
    /// Atomically replaces `to` with `from`.
    func rename(_ from: String, _ to: String) throws
    /// Removes a file; a missing file is not an error.
    func remove(_ path: String) throws
    /// Removes a directory and everything under it; a missing one is not an error.
    func removeTree(_ path: String) throws
    /// Makes the directory's entries (creations, renames) durable.
    func syncDirectory(_ path: String) throws
    /// Takes the exclusive lock file of a database, writing this process's id into it.
    func lock(_ path: String) throws -> any FileLockHandle
}

/// A file written sequentially.
public protocol WritableFile: AnyObject {
    /// The file's path.
    var path: String { get }
    /// Bytes written so far (the file size).
    var size: Int { get }
    /// Writes all of `bytes` at the end of the file (to the OS: survives a process crash).
    func append(_ bytes: UnsafeRawBufferPointer) throws
    /// Forces written bytes to stable storage (fdatasync).
    func sync() throws
    /// Writes zeros from the end of the file up to `length` bytes and syncs
    /// them, without moving the end of the data: later appends overwrite the
    /// zeros, so a sync after them need not record a new file size.
    func preallocate(to length: Int) throws
    /// Bytes on disk, including preallocated zeros.
    var allocatedSize: Int { get }
    /// Cuts the file to `length` bytes (used to drop a torn log tail).
    func truncate(to length: Int) throws
    /// Cuts off preallocated zeros, then closes the file.
    func close() throws
}

extension WritableFile {
    /// Writes an array at the end of the file.
    public func append(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try append($0) }
    }
}

/// A file read at arbitrary offsets, safe to share between threads.
public protocol ReadableFile: AnyObject, Sendable {
    /// The file's path.
    var path: String { get }
    /// The file's size when it was opened.
    var size: Int { get }
    /// Reads `count` bytes at `offset`; fewer only at the end of the file.
    func read(at offset: Int, count: Int) throws -> [UInt8]
    /// Closes the file.
    func close()
}

/// A held database lock; released by ``unlock()`` or when the process ends.
public protocol FileLockHandle: AnyObject, Sendable {
    /// Releases the lock.
    func unlock()
}
