import Testing
@testable import ToonStorage

@Suite struct DatabaseFileNameTests {
    @Test func namesRoundTrip() {
        for file: DatabaseFileName in [.log(3), .segment(42), .segment(1_234_567), .manifest, .manifestTemp, .lock] {
            #expect(DatabaseFileName(file.name) == file)
        }
        #expect(DatabaseFileName.log(7).name == "000007.log")
        #expect(DatabaseFileName.segment(1_234_567).path(in: "/d") == "/d/1234567.seg")
        #expect(DatabaseFileName("000009.seg")?.segmentNumber == 9)
        #expect(DatabaseFileName("000009.log")?.logNumber == 9)
    }

    @Test func otherNamesAreNotOurs() {
        for name in ["1.log", "00001.seg", "+00001.log", "000001.txt", "000001.log.tmp", "abcdef.seg", "toondb.sock",
                     "vectors", "MANIFEST.bak", "", ".log"] {
            #expect(DatabaseFileName(name) == nil, "\(name)")
        }
    }
}
