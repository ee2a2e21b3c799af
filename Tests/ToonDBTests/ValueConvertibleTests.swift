import Foundation
import Testing
import ToonDB
import ToonTestSupport

/// Metadata and graph properties from variables, interpolation and any
/// `ValueConvertible`, beside the `Value` forms written before.
@Suite struct ValueConvertibleTests {
    @Test func metadataFromVariablesKeepsValuesAndOrder() throws {
        let dir = TemporaryDirectory("value-convertible")
        let db = try Database.open(dir.path)
        defer { try? db.close() }
        let col = try db.createNamespace("t").createCollection(CollectionConfig(name: "c", dimension: 2))
        let title = "Guide", year = 2026, score = 0.5, draft = false
        let missing: String? = nil
        let tags = ["db", "swift"]
        try col.insert(id: "a", vector: [1, 0], metadata: ["title": title, "year": year, "tag": "v\(year)",
                                                           "score": score, "draft": draft, "missing": missing,
                                                           "tags": tags, "slice": title.prefix(2)])
        let stored = try #require(try col.get("a")).metadata
        #expect(Array(stored.keys) == ["title", "year", "tag", "score", "draft", "missing", "tags", "slice"])
        #expect(stored["title"] == "Guide" && stored["year"] == 2026 && stored["tag"] == "v2026")
        #expect(stored["score"] == 0.5 && stored["draft"] == false && stored["missing"] == .null)
        #expect(stored["tags"] == ["db", "swift"] && stored["slice"] == "Gu")

        // The forms written before still compile: Value cases, and a variable of Values.
        try col.upsert(id: "b", vector: [0, 1], metadata: ["kind": .string("old"), "n": .int(1)])
        let values: OrderedDictionary<String, Value> = ["kind": "variable"]
        try col.insert(id: "c", vector: [1, 1], metadata: values)
        try col.insertBatch([CollectionDocument(id: "d", vector: [0.5, 1], metadata: ["year": year])])
        #expect(try col.get("b")?.metadata["kind"] == "old")
        #expect(try col.get("c")?.metadata == values)
        #expect(try col.get("d")?.metadata["year"] == 2026)
    }

    @Test func graphPropertiesFromVariables() throws {
        let dir = TemporaryDirectory("value-convertible-graph")
        let db = try Database.open(dir.path)
        defer { try? db.close() }
        let graph = GraphOverlay(db, namespace: "g")
        let name = "Alice", age = 41
        try graph.addNode("alice", type: "person", properties: ["name": name, "age": age, "label": "user-\(age)"])
        try graph.addNode("bob", type: "person")
        let weight: Double = 0.25
        try graph.addEdge("alice", "knows", "bob", properties: ["weight": weight])
        let node = try #require(try graph.getNode("alice"))
        #expect(node.properties == ["name": "Alice", "age": 41, "label": "user-41"])
        #expect(try graph.getEdges("alice").first?.properties["weight"] == 0.25)
        let existing: [String: Value] = ["kept": true]
        try graph.addNode("carol", type: "person", properties: existing)
        #expect(try graph.getNode("carol")?.properties == existing)
    }

    @Test func conversions() {
        #expect(Value(UInt64.max) == .double(Double(UInt64.max)))
        #expect(Value(UInt64(7)) == .int(7))
        #expect(Value(Float(1.5)) == .double(1.5))
        #expect(Value(Date(timeIntervalSince1970: 1_764_920_755.25)) == "2025-12-05T07:45:55.250Z")
        #expect(Value(Data([0, 1, 2, 250])) == "AAEC+g==")
        #expect(Value(["b": 2, "a": 1]) == .object(["a": 1, "b": 2]))
        #expect(Value(["b": 2, "a": 1]).objectValue.map { Array($0.keys) } == ["a", "b"], "a Dictionary's keys are sorted")
        let ordered: OrderedDictionary<String, Int> = ["b": 2, "a": 1]
        #expect(Value(ordered).objectValue.map { Array($0.keys) } == ["b", "a"])
        #expect(Value(Optional<Int>.none) == .null && Value(Optional(3)) == 3)
        #expect(Value(["x": 1, "y": "two"] as OrderedDictionary<String, any ValueConvertible>) == ["x": 1, "y": "two"])
        let n = 5
        let interpolated: Value = "n = \(n)"
        #expect(interpolated == .string("n = 5"))
    }
}
