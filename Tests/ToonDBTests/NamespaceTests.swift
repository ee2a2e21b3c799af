import Foundation
import Testing
import ToonDB
import ToonTestSupport

/// Namespaces (README.md, "From Swift"): registry, namespace-local key-value
/// data, and isolation that no key, path or prefix can get around (one
/// tenant's data must never be visible from another namespace).
@Suite struct NamespaceTests {
    @Test func createGetListAndDelete() throws {
        let dir = TemporaryDirectory("ns")
        do {
            let db = try Database.open(dir.path)
            let ns = try db.createNamespace("tenant_acme", displayName: "Acme Corporation", labels: ["tier": "enterprise"])
            #expect(ns.name == "tenant_acme")
            try db.createNamespace("beta")
            let e = #expect(throws: ToonDBError.self) { try db.createNamespace("beta") }
            #expect(e?.code == .alreadyExists)
            #expect(try db.listNamespaces().map(\.name) == ["beta", "tenant_acme"])
            let missing = #expect(throws: ToonDBError.self) { try db.namespace("gamma") }
            #expect(missing?.code == .notFound)
            try ns.put("settings/theme", "dark")
            try db.close()
        }
        // The registry and the data survive a reopen.
        let db = try Database.open(dir.path)
        let info = try db.namespace("tenant_acme").info()
        #expect(info.displayName == "Acme Corporation")
        #expect(info.labels == ["tier": "enterprise"])
        #expect(info.createdAt > 1_700_000_000)
        #expect(try db.namespace("tenant_acme").getString("settings/theme") == "dark")
        // A namespace holding data is deleted only with force.
        let refused = #expect(throws: ToonDBError.self) { try db.deleteNamespace("tenant_acme") }
        #expect(refused?.code == .invalidArgument)
        try db.deleteNamespace("beta")
        try db.deleteNamespace("tenant_acme", force: true)
        #expect(try db.listNamespaces().isEmpty)
        let gone = #expect(throws: ToonDBError.self) { try db.deleteNamespace("beta") }
        #expect(gone?.code == .notFound)
    }

    @Test func aDeletedNamespaceLeavesNothingBehind() throws {
        let dir = TemporaryDirectory("ns-delete")
        let db = try Database.open(dir.path)
        let old = try db.createNamespace("t")
        for i in 0..<25_000 { try old.put("k\(i)", "v") }
        try db.deleteNamespace("t", force: true)
        let e = #expect(throws: ToonDBError.self) { try old.get("k1") }
        #expect(e?.code == .notFound)
        let fresh = try db.createNamespace("t")
        #expect(try fresh.scanPrefix("").toArray().isEmpty)
        #expect(try fresh.get("k1") == nil)
    }

    @Test func namespaceLocalKeyValue() throws {
        let dir = TemporaryDirectory("ns-kv")
        let db = try Database.open(dir.path)
        let ns = try db.createNamespace("app")
        try ns.putPath("users/alice/email", "a@x")
        try ns.putPath("users/bob/email", "b@x")
        try ns.put("users", "root value")
        #expect(try ns.getPath("users/alice/email").map { String(decoding: $0, as: UTF8.self) } == "a@x")
        let keys = try ns.scanPrefix("users/").toArray().map { String(decoding: $0.key, as: UTF8.self) }
        #expect(keys == ["users/alice/email", "users/bob/email"])
        let children = try ns.listChildren("users/")
        #expect(children.map(\.name) == ["alice", "bob"])
        #expect(children.first?.key == Array("users/alice".utf8))
        let root = try ns.listChildren("")
        #expect(root.map(\.name) == ["users"])
        #expect(root.first?.hasValue == true && root.first?.hasChildren == true)
        try ns.delete("users")
        #expect(try ns.get("users") == nil)
    }

    @Test func noNameKeyOrPrefixEscapesANamespace() throws {
        let dir = TemporaryDirectory("ns-isolation")
        let db = try Database.open(dir.path)
        let a = try db.createNamespace("a")
        let ab = try db.createNamespace("ab")
        try a.put("secret", "A")
        try ab.put("secret", "AB")
        try db.put("secret", "default")
        // Each sees only its own.
        #expect(try a.getString("secret") == "A")
        #expect(try ab.getString("secret") == "AB")
        #expect(try db.getString("secret") == "default")
        #expect(try a.scanPrefix("").toArray().count == 1)
        #expect(try ab.scan(from: "").toArray().count == 1)
        #expect(try db.scan(from: "").toArray().map { String(decoding: $0.key, as: UTF8.self) } == ["secret"])
        #expect(try db.listChildren("").map(\.name) == ["secret"])
        // Keys that try to climb out are ordinary keys or refused.
        for key in ["../ab/k/secret", "/../ab/secret", "..", "b/secret"] {
            #expect(try a.get(key) == nil)
        }
        for key: [UInt8] in [[0] + Array("n/ab/k/secret".utf8), [0]] {
            let e = #expect(throws: ToonDBError.self) { try a.get(key) }
            #expect(e?.code == .invalidArgument)
        }
        // Bad names never reach the key space.
        for name in ["", "a/b", "..", ".hidden", "-x", "a\0b", "ab/../a", String(repeating: "n", count: 65), "ümlaut"] {
            let e = #expect(throws: ToonDBError.self) { try db.createNamespace(name) }
            #expect(e?.code == .invalidArgument)
            #expect(throws: ToonDBError.self) { try db.namespace(name) }
        }
        // Deleting one leaves the other, whose name is a prefix of it, intact.
        try db.deleteNamespace("a", force: true)
        #expect(try ab.getString("secret") == "AB")
        #expect(try db.getString("secret") == "default")
    }
}
