import Testing
import ToonCore
import ToonTestSupport

@Suite struct CodecTests {
    @Test func crc32cMatchesTheStandardCheckValue() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.checksum([]) == 0)
    }

    @Test func crc32cContinuesAcrossPieces() {
        let data = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let whole = CRC32C.checksum(data)
        let first = data[0..<333].withUnsafeBytes { CRC32C.checksum($0) }
        let both = data[333...].withUnsafeBytes { CRC32C.checksum($0, continuing: first) }
        #expect(whole == both)
    }

    @Test func maskRoundTrips() {
        for v: UInt32 in [0, 1, 0xFFFF_FFFF, 0x1234_5678] { #expect(CRC32C.unmask(CRC32C.mask(v)) == v) }
    }

    @Test func varintsRoundTrip() {
        var rng = SeededRandom(seed: 9)
        var buf: [UInt8] = []
        var values: [UInt64] = [0, 1, 127, 128, 300, UInt64.max]
        for _ in 0..<200 { values.append(rng.next() >> (rng.next() % 64)) }
        for v in values { Varint.append(v, to: &buf) }
        buf.withUnsafeBytes { p in
            var pos = 0
            for v in values { #expect(Varint.read(p, &pos) == v) }
            #expect(pos == p.count)
        }
    }

    @Test func truncatedVarintIsNil() {
        var buf: [UInt8] = []
        Varint.append(1 << 40, to: &buf)
        buf.removeLast()
        buf.withUnsafeBytes { p in
            var pos = 0
            #expect(Varint.read(p, &pos) == nil)
        }
    }

    @Test func fixedIntegersAreLittleEndian() {
        var buf: [UInt8] = []
        Varint.appendFixed32(0x0102_0304, to: &buf)
        Varint.appendFixed64(0x1112_1314_1516_1718, to: &buf)
        #expect(Array(buf[0..<4]) == [4, 3, 2, 1])
        buf.withUnsafeBytes { p in
            #expect(Varint.fixed32(p, 0) == 0x0102_0304)
            #expect(Varint.fixed64(p, 4) == 0x1112_1314_1516_1718)
        }
    }

    @Test func prefixSuccessor() {
        #expect(Array("ab".utf8).prefixSuccessor == Array("ac".utf8))
        #expect([0x61, 0xFF].prefixSuccessor == [0x62])
        #expect([0xFF, 0xFF].prefixSuccessor == nil)
    }

    @Test func errorsDescribeThemselves() {
        let e = ToonDBError(.locked, "the database x is opened by process 42", remediation: "use toondb-server")
        #expect(e.description == "locked: the database x is opened by process 42 (hint: use toondb-server)")
        let io = ToonDBError.io("cannot open", path: "/nowhere", errno: 2)
        #expect(io.code == .ioError)
        #expect(io.message.contains("/nowhere"))
    }
}
