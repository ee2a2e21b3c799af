import ToonDB

/// One row of the keys tree: what it stands for, and what is loaded below it.
package struct TreeNode: Sendable, Equatable {
    /// What a row stands for.
    package enum Kind: Sendable, Equatable {
        /// A top-level section: `keys`, `namespaces`, `tables`.
        case section(Section)
        /// A key path; `hasValue` when a value is stored at exactly `key`, a branch when it has children.
        case path(key: [UInt8], hasValue: Bool)
        case namespace(String)
        case collection(namespace: String, name: String)
        case document(namespace: String, collection: String, id: String)
        case graph(namespace: String)
        case graphNode(namespace: String, id: String)
        case table(String)
        /// "more…": the next page of the parent's children.
        case more
        /// A load that failed; its message.
        case failure(String)
    }

    /// The top-level sections.
    package enum Section: String, Sendable { case keys, namespaces, tables }

    package var kind: Kind
    /// The label shown.
    package var name: String
    /// Indentation level.
    package var depth: Int
    /// Whether it can have children.
    package var isBranch: Bool
    package var isExpanded = false
    /// Indices of the loaded children, nil until loaded.
    package var children: [Int]?
    /// Where the next page starts (nil: everything is loaded).
    package var nextAfter: String?
    /// The parent's index (nil at the top).
    package var parent: Int?
    /// A count shown beside it (`12`, `≥ 200`).
    package var count: String?

    /// The key path of a `path` node as text, and the prefix its children have.
    package var pathText: String? {
        if case .path(let key, _) = kind { return String(decoding: key, as: UTF8.self) }
        return nil
    }
}
