import Foundation
import Testing
import ToonCore
import ToonDB
import ToonFormat
import ToonIndex
import ToonTestSupport

// ToonDB's public names must not shadow the standard library's or Foundation's.
// Everything below is ordinary generic code a user might write next to
// `import ToonDB`; this file compiles only while no module it imports (ToonDB
// and the modules below it) declares `Collection`, `Sequence`, `Result`, `Error`,
// `Set`, `Never`, `KeyPath`, `Data`, `Date` or `URL` of its own.

private func byteSum<C: Collection>(_ c: C) -> Int where C.Element == UInt8 {
    var total = 0
    var i: C.Index = c.startIndex
    while i != c.endIndex {
        total += Int(c[i])
        i = c.index(after: i)
    }
    return total
}

private func secondIndex<C: Collection>(of c: C) -> C.Index? {
    guard !c.isEmpty else { return nil }
    let next = c.index(after: c.startIndex)
    return next == c.endIndex ? nil : next
}

private func countEven<S: Sequence>(_ s: S) -> Int where S.Element: BinaryInteger {
    var n = 0
    var it: S.Iterator = s.makeIterator()
    while let x = it.next() { if x % 2 == 0 { n += 1 } }
    return n
}

private func distinct(_ xs: some Sequence<Int>) -> Set<Int> { Set(xs) }

private func firstByte(of c: some Collection<UInt8>) -> UInt8? { c.first }

private struct NotPositive: Error {}

private func positive(_ x: Int) -> Result<Int, any Error> {
    x > 0 ? .success(x) : .failure(NotPositive())
}

private func value<Root, V>(_ root: Root, at path: KeyPath<Root, V>) -> V { root[keyPath: path] }

@Suite struct StandardLibraryNamesTests {
    @Test func genericCodeCompilesAndRunsNextToImportToonDB() throws {
        let bytes: [UInt8] = [1, 2, 3, 250]
        #expect(byteSum(bytes) == 256)
        #expect(byteSum(Data([7, 8])) == 15)
        #expect(byteSum("AB".utf8) == 65 + 66)
        #expect(firstByte(of: bytes[1...]) == 2)

        let idx = try #require(secondIndex(of: bytes))
        #expect(bytes[idx] == 2)
        #expect(secondIndex(of: [UInt8]()) == nil)

        #expect(countEven([2, 4, 5, 6]) == 3)
        #expect(distinct([3, 1, 3, 2, 1]) == [1, 2, 3])

        #expect(try positive(4).get() == 4)
        #expect(throws: NotPositive.self) { try positive(-1).get() }
        switch positive(0) {
        case .success: Issue.record("0 is not positive")
        case .failure(let error): #expect(error is NotPositive)
        }

        let fail: () -> Never = { fatalError("never called") }
        _ = fail

        #expect(value("toon", at: \String.count) == 4)
        let url = URL(fileURLWithPath: "/tmp/x.toon")
        #expect(url.lastPathComponent == "x.toon")
        #expect(Date(timeIntervalSince1970: 0).timeIntervalSince1970 == 0)
    }

    @Test func renamedToonDBTypesAreStillReachable() throws {
        let dir = TemporaryDirectory("stdlib-names")
        let db = try Database.open(dir.path)
        defer { try? db.close() }
        let ns = try db.namespaceCreatingIfMissing("t")
        let col: VectorCollection = try ns.createCollection(CollectionConfig(name: "docs", dimension: 2))
        try col.insert(id: "a", vector: [1, 0])
        #expect(col.count == 1)
        #expect(try ns.collection("docs").name == "docs")
        #expect(try KeyPathRules.normalize("/users/alice/") == Array("users/alice".utf8))
    }
}
