import Foundation
import Testing
import ToonCore
import ToonTestSupport

/// `FileSystem.mappedFile`: the file's bytes, copy-on-write; writes to
/// the mapping never reach the file, a renamed-over file stays mapped,
/// and a missing file is an `ioError`.
@Suite struct MappedFileTests {
    @Test func aMappingIsTheFilesBytesAndItsWritesStayInMemory() throws {
        let dir = TemporaryDirectory("mapped")
        let path = dir.file("data")
        let contents = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        try Data(contents).write(to: URL(fileURLWithPath: path))
        let fs = PosixFileSystem()
        let mapped = try fs.mappedFile(path)
        #expect(mapped.path == path && Array(mapped.bytes) == contents)
        mapped.bytes[5000] ^= 0xFF
        #expect(FileManager.default.contents(atPath: path) == Data(contents))
        // A save renames a new file over the old one: the mapping keeps the old bytes.
        try fs.replaceAtomically(path, with: [1, 2, 3])
        #expect(mapped.bytes.count == contents.count && mapped.bytes[4999] == contents[4999])
        let replaced = try fs.mappedFile(path)
        withExtendedLifetime(replaced) { #expect(Array(replaced.bytes) == [1, 2, 3]) }
        let empty = dir.file("empty")
        try Data().write(to: URL(fileURLWithPath: empty))
        #expect(try fs.mappedFile(empty).bytes.isEmpty)
        let missing = #expect(throws: ToonDBError.self) { _ = try fs.mappedFile(dir.file("missing")) }
        #expect(missing?.code == .ioError)
        #expect(missing?.message.contains(dir.file("missing")) == true)
        withExtendedLifetime((dir, mapped)) {}
    }

    @Test func anInMemoryFileSystemReadsACopy() throws {
        let fs = MemoryFileSystem()
        try fs.createDirectory("/d")
        try fs.replaceAtomically("/d/f", with: [9, 8, 7])
        let mapped = try fs.mappedFile("/d/f")
        #expect(Array(mapped.bytes) == [9, 8, 7])
        mapped.bytes[0] = 0
        #expect(try fs.readAll("/d/f") == [9, 8, 7])
        withExtendedLifetime(mapped) {}
        #expect(throws: ToonDBError.self) { _ = try fs.mappedFile("/d/missing") }
    }
}
