import Foundation
import Testing
@testable import ToonStorage

/// The one table of internal key areas: distinct tags, the documented bytes,
/// and every area listed in ARCHITECTURE.md's key-space table.
@Suite struct InternalKeyAreaTests {
    @Test func tagsAreDistinctAndPrefixesAreNulTagSlash() {
        #expect(Set(InternalKeyArea.allCases.map(\.rawValue)).count == InternalKeyArea.allCases.count)
        let expected: [InternalKeyArea: String] = [.sqlRows: "s", .sqlIndexes: "i", .sqlCatalog: "c",
                                                   .namespaceRecords: "N", .namespaces: "n", .audit: "a"]
        for area in InternalKeyArea.allCases {
            #expect(area.prefix == [0] + Array("\(expected[area]!)/".utf8), "\(area)")
        }
    }

    @Test func architectureListsEveryArea() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("ARCHITECTURE.md"), encoding: .utf8)
        for area in InternalKeyArea.allCases {
            let shown = "`\\0" + String(UnicodeScalar(area.rawValue)) + "/"
            #expect(text.contains(shown), "ARCHITECTURE.md does not list \(shown)…")
        }
    }
}
