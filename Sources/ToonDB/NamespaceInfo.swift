import ToonCore

/// What the registry records of a namespace: its display name, labels and
/// creation time (README.md, "From Swift";
/// stored as in `Sources/ToonStorage/FORMAT.md` §9).
public struct NamespaceInfo: Sendable, Equatable {
    /// The name keys and APIs use.
    public var name: String
    /// A name for people; defaults to ``name``.
    public var displayName: String
    /// Free-form labels (`["tier": "enterprise"]`).
    public var labels: [String: String]
    /// Seconds since 1970 when it was created.
    public var createdAt: Int64

    /// The registry value: a binary ``Value`` object with `displayName`,
    /// `labels` (an object, sorted by key) and `createdAt`.
    var encoded: [UInt8] {
        var sortedLabels = OrderedDictionary<String, Value>()
        for (k, v) in labels.sorted(by: { $0.key < $1.key }) { sortedLabels[k] = .string(v) }
        let v: Value = ["displayName": .string(displayName), "labels": .object(sortedLabels), "createdAt": .int(createdAt)]
        return v.binaryEncoded
    }

    /// Decodes a registry value written by ``encoded``; `corruption` when it does not parse.
    init(name: String, encoded bytes: [UInt8]) throws {
        let v = try? Value(binary: bytes)
        guard let display = v?["displayName"]?.stringValue, let labels = v?["labels"]?.objectValue,
              let created = v?["createdAt"]?.intValue else {
            throw ToonDBError(.corruption, "the registry record of namespace \"\(name)\" is damaged",
                              remediation: "restore the database from a backup")
        }
        let strings = Dictionary(uniqueKeysWithValues: labels.compactMap { k, v in v.stringValue.map { (k, $0) } })
        self.init(name: name, displayName: display, labels: strings, createdAt: created)
    }

    init(name: String, displayName: String, labels: [String: String], createdAt: Int64) {
        self.name = name
        self.displayName = displayName
        self.labels = labels
        self.createdAt = createdAt
    }
}
