import Foundation
import Testing
import ToonCore
import ToonTestSupport

/// `ReadableFile.close()` releases the descriptor; later reads fail clearly.
@Suite struct ReadableFileTests {
    static func openDescriptors() throws -> Int {
        try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/self/fd")))
    func closeReleasesTheDescriptorAndLaterReadsFail() throws {
        let dir = TemporaryDirectory("readable-close")
        let path = dir.file("data")
        try Data((0..<100).map { UInt8($0) }).write(to: URL(fileURLWithPath: path))
        let fs = PosixFileSystem()
        let files = try (0..<20).map { _ in try fs.openReadable(path) }
        #expect(try files[0].read(at: 10, count: 3) == [10, 11, 12])
        let before = try Self.openDescriptors()
        for file in files { file.close() }
        #expect(try Self.openDescriptors() <= before - 20, "close() must release every descriptor")
        let error = #expect(throws: ToonDBError.self) { try files[0].read(at: 0, count: 1) }
        #expect(error?.code == .ioError)
        #expect(error?.message.contains("closed") == true)
        files[0].close()   // closing twice is harmless
        withExtendedLifetime(files) {}
    }
}
