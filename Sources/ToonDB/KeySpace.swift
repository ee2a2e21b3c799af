import ToonCore
internal import ToonStorage

/// ToonDB's keys inside its areas of the key space (``InternalKeyArea``
/// in ToonStorage holds the one table of areas; `ARCHITECTURE.md`, "Key
/// space"; byte layout in `Sources/ToonStorage/FORMAT.md` §8).
package enum KeySpace {
    /// `\0N/<name>`: the registry record of a namespace.
    package static let namespaceRecords: [UInt8] = InternalKeyArea.namespaceRecords.prefix

    /// `\0n/<name>/`: everything a namespace holds.
    package static func namespace(_ name: String) -> [UInt8] {
        InternalKeyArea.namespaces.prefix + Array(name.utf8) + [UInt8(ascii: "/")]
    }

    /// `\0n/<name>/c/`: the namespace's collections.
    package static func collections(_ namespace: String) -> [UInt8] {
        self.namespace(namespace) + Array("c/".utf8)
    }

    /// `\0n/<name>/c/<collection>/config`: a collection's stored configuration.
    package static func collectionConfig(_ namespace: String, _ collection: String) -> [UInt8] {
        self.collection(namespace, collection) + Array("config".utf8)
    }

    /// `\0n/<name>/k/`: the namespace's own key-value data.
    package static func namespaceKV(_ name: String) -> [UInt8] {
        namespace(name) + Array("k/".utf8)
    }

    /// `\0n/<name>/c/<collection>/`: one collection (config, documents, indexes).
    package static func collection(_ namespace: String, _ collection: String) -> [UInt8] {
        collections(namespace) + Array(collection.utf8) + [UInt8(ascii: "/")]
    }

    /// `\0n/<name>/g/`: the namespace's graph overlay.
    package static func graph(_ namespace: String) -> [UInt8] {
        self.namespace(namespace) + Array("g/".utf8)
    }

    /// `\0a/`: the audit log.
    package static let audit: [UInt8] = InternalKeyArea.audit.prefix
}

/// The rule for namespace and collection names: 1 to 64 characters, ASCII
/// letters, digits, `_`, `-` and `.`, not starting with `.` or `-`. Names
/// therefore never contain `/`, NUL or `..`, so no name can reach into
/// another namespace's keys.
public enum NameRules {
    /// The longest name.
    public static let maxLength = 64

    /// Throws `invalidArgument` naming `kind` ("namespace", "collection") when `name` breaks the rule.
    public static func check(_ name: String, kind: String) throws {
        let bytes = Array(name.utf8)
        let allowed: (UInt8) -> Bool = { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                || b == UInt8(ascii: "_") || b == UInt8(ascii: "-") || b == UInt8(ascii: ".")
        }
        let first = bytes.first
        guard !bytes.isEmpty, bytes.count <= maxLength, bytes.allSatisfy(allowed),
              first != UInt8(ascii: "."), first != UInt8(ascii: "-")
        else {
            throw ToonDBError(.invalidArgument,
                              "\"\(name)\" is not a valid \(kind) name",
                              remediation: "use 1 to \(maxLength) letters, digits, _, - or . (not first)")
        }
    }
}
