import Foundation
import Testing
import ToonDB
import ToonTestSupport

/// Damaged files: a torn log tail opens with every earlier record; damage in
/// the middle of the log or in a segment file is `corruption` naming the
/// file, never a wrong value (DESIGN failure 6).
@Suite struct CorruptionTests {
    /// Writes `count` keys and leaves them only in the log: returns a crash image directory.
    static func imageWithLog(_ root: TemporaryDirectory, count: Int, valueSize: Int = 40) throws -> String {
        let live = root.file("live")
        let db = try Database.open(live)
        for i in 0..<count { try db.put("key\(i)", "value\(i)-" + String(repeating: "v", count: valueSize)) }
        let image = root.file("image")
        try crashImage(of: live, into: image)
        try db.close()
        return image
    }

    @Test func tornLogTailOpensWithEveryEarlierRecord() throws {
        let root = TemporaryDirectory("torn")
        let image = try Self.imageWithLog(root, count: 500)
        let log = try #require(files(in: image, suffix: ".log").last)
        let size = fileSize(log)
        // Cut the last record in half.
        let h = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        try h.truncate(atOffset: UInt64(size - 30))
        try h.close()
        let db = try Database.open(image)
        for i in 0..<499 { #expect(try db.getString("key\(i)") == "value\(i)-" + String(repeating: "v", count: 40)) }
        #expect(try db.get("key499") == nil, "the torn record is dropped, not half-applied")
        // The database keeps working after the repair.
        try db.put("after", "repair")
        try db.close()
        let again = try Database.open(image)
        #expect(try again.getString("after") == "repair")
        #expect(try again.getString("key498") != nil)
        try again.close()
    }

    @Test func damagedRecordInTheMiddleOfTheLogIsReportedWithItsOffset() throws {
        let root = TemporaryDirectory("midlog")
        let image = try Self.imageWithLog(root, count: 2000)
        let log = try #require(files(in: image, suffix: ".log").last)
        let size = fileSize(log)
        #expect(size > 64 * 1024, "several log blocks")
        try flipByte(in: log, at: size / 3)
        let error = #expect(throws: ToonDBError.self) { try Database.open(image) }
        #expect(error?.code == .corruption)
        #expect(error?.message.contains(URL(fileURLWithPath: log).lastPathComponent) == true, "names the file: \(error?.message ?? "")")
        #expect(error?.message.contains("offset") == true)
    }

    @Test func damagedRecordInTheSameBlockAsLaterRecordsIsReported() throws {
        let root = TemporaryDirectory("midblock")
        let image = try Self.imageWithLog(root, count: 100, valueSize: 10)
        let log = try #require(files(in: image, suffix: ".log").last)
        #expect(fileSize(log) < 32 * 1024, "one block")
        try flipByte(in: log, at: fileSize(log) / 2)
        let error = #expect(throws: ToonDBError.self) { try Database.open(image) }
        #expect(error?.code == .corruption)
    }

    @Test func flippedBytesInASegmentNeverGiveAWrongValue() throws {
        let root = TemporaryDirectory("segment")
        let path = root.file("db")
        let value: (Int) -> String = { "value-\($0)-" + String(repeating: "s", count: $0 % 50) }
        do {
            let db = try Database.open(path)
            for i in 0..<3000 { try db.put("key\(i)", value(i)) }
            try db.checkpoint()
            try db.close()
        }
        let segment = try #require(files(in: path, suffix: ".seg").first)
        let size = fileSize(segment)
        let pristine = try Data(contentsOf: URL(fileURLWithPath: segment))
        var detected = 0
        for n in 0..<40 {
            let offset = (size * n) / 40 + n % 7
            try flipByte(in: segment, at: offset)
            do {
                let db = try Database.open(path)
                for i in stride(from: 0, to: 3000, by: 7) {
                    do {
                        if let got = try db.getString("key\(i)") { #expect(got == value(i), "offset \(offset): key\(i)") }
                    } catch let e as ToonDBError {
                        #expect(e.code == .corruption)
                        #expect(e.message.contains(".seg"), "names the segment file")
                        detected += 1
                        break
                    }
                }
                // A scan over the damage throws too, and never yields a wrong value.
                do {
                    try db.scan(from: "").forEach { kv in
                        let k = String(decoding: kv.key, as: UTF8.self)
                        let i = Int(k.dropFirst(3))!
                        #expect(String(decoding: kv.value, as: UTF8.self) == value(i))
                    }
                } catch let e as ToonDBError {
                    #expect(e.code == .corruption)
                }
                try db.close()
            } catch let e as ToonDBError {
                #expect(e.code == .corruption, "open fails as corruption: \(e)")
                #expect(e.message.contains(URL(fileURLWithPath: segment).lastPathComponent))
                detected += 1
            }
            try pristine.write(to: URL(fileURLWithPath: segment))
        }
        #expect(detected >= 30, "most flips are detected (\(detected) of 40)")
    }

    @Test func damagedManifestIsCorruption() throws {
        let root = TemporaryDirectory("manifest")
        let path = root.file("db")
        let db = try Database.open(path)
        try db.put("a", "1")
        try db.close()
        try flipByte(in: path + "/MANIFEST", at: 10)
        let error = #expect(throws: ToonDBError.self) { try Database.open(path) }
        #expect(error?.code == .corruption)
        #expect(error?.message.contains("MANIFEST") == true)
    }

    @Test func missingSegmentIsCorruption() throws {
        let root = TemporaryDirectory("missing")
        let path = root.file("db")
        let db = try Database.open(path)
        try db.put("a", "1")
        try db.close()
        for f in files(in: path, suffix: ".seg") { try FileManager.default.removeItem(atPath: f) }
        let error = #expect(throws: ToonDBError.self) { try Database.open(path) }
        #expect(error?.code == .corruption)
    }
}
