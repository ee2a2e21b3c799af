import ToonCore

/// What the registry records of a namespace: its display name, labels and
/// creation time (SPEC §4).
public struct NamespaceInfo: Sendable, Equatable {
    /// The name keys and APIs use.
    public var name: String
    /// A name for people; defaults to ``name``.
    public var displayName: String
    /// Free-form labels (`["tier": "enterprise"]`).
    public var labels: [String: String]
    /// Seconds since 1970 when it was created.
    public var createdAt: Int64

    /// The registry value: `varint`-length strings for the display name, then
    /// `varint n` label pairs sorted by key, then `fixed64` createdAt.
    var encoded: [UInt8] {
        var out: [UInt8] = []
        func string(_ s: String) {
            let b = Array(s.utf8)
            Varint.append(UInt64(b.count), to: &out)
            out += b
        }
        string(displayName)
        Varint.append(UInt64(labels.count), to: &out)
        for (k, v) in labels.sorted(by: { $0.key < $1.key }) { string(k); string(v) }
        Varint.appendFixed64(UInt64(bitPattern: createdAt), to: &out)
        return out
    }

    /// Decodes a registry value written by ``encoded``; `corruption` when it does not parse.
    init(name: String, encoded bytes: [UInt8]) throws {
        let bad = ToonDBError(.corruption, "the registry record of namespace \"\(name)\" is damaged",
                              remediation: "restore the database from a backup")
        var info: NamespaceInfo?
        bytes.withUnsafeBytes { p in
            var pos = 0
            func string() -> String? {
                guard let n = Varint.read(p, &pos), n <= UInt64(p.count - pos) else { return nil }
                defer { pos += Int(n) }
                return String(decoding: UnsafeRawBufferPointer(rebasing: p[pos..<pos + Int(n)]), as: UTF8.self)
            }
            guard let display = string(), let count = Varint.read(p, &pos), count <= UInt64(p.count) else { return }
            var labels: [String: String] = [:]
            for _ in 0..<count {
                guard let k = string(), let v = string() else { return }
                labels[k] = v
            }
            guard pos + 8 == p.count else { return }
            info = NamespaceInfo(name: name, displayName: display, labels: labels,
                                 createdAt: Int64(bitPattern: Varint.fixed64(p, pos)))
        }
        guard let info else { throw bad }
        self = info
    }

    init(name: String, displayName: String, labels: [String: String], createdAt: Int64) {
        self.name = name
        self.displayName = displayName
        self.labels = labels
        self.createdAt = createdAt
    }
}
