/// A page of a tree node's children to load (``Effect/loadChildren(_:)``),
/// and what the reducer does once it is in.
package struct TreeLoad: Sendable, Equatable {
    /// What follows the load.
    package enum Then: Sendable, Equatable {
        case nothing
        /// Keep the selected row in range and show what it stands for (after a refresh).
        case select
        /// Go on expanding the tree towards a key path (`:goto`); `pages` pages
        /// were loaded looking for its part number `part`.
        case reveal(path: String, part: Int, pages: Int)
    }

    /// The node whose children load.
    package var node: Int
    package var kind: TreeNode.Kind
    /// Where the page starts (nil: the first page).
    package var after: String?
    /// Whether the node opens once its children are in.
    package var expand: Bool
    package var then: Then
}

/// One page of a node's children, as the data source gave it.
package struct TreePage: Sendable, Equatable {
    package var children: [TreeNode]
    /// Where the next page starts (nil: this was the last).
    package var nextAfter: String?

    package init(children: [TreeNode], nextAfter: String?) {
        self.children = children
        self.nextAfter = nextAfter
    }
}
