import ToonDB

extension DataSource {
    /// A page of the children of a tree node of `kind`, starting after `after`
    /// (``KeyTree/pageSize`` at most; `nextAfter` says where the next starts).
    func treePage(of kind: TreeNode.Kind, after: String?) throws -> TreePage {
        let limit = KeyTree.pageSize
        func node(_ kind: TreeNode.Kind, _ name: String, branch: Bool, count: String? = nil) -> TreeNode {
            var n = TreeNode(kind: kind, name: name, depth: 0, isBranch: branch)
            n.count = count
            return n
        }
        switch kind {
        case .section(.keys), .path:
            var prefix = ""
            if case .path(let key, _) = kind { prefix = String(decoding: key, as: UTF8.self) + "/" }
            let page = try listChildren(prefix, after: after, limit: limit + 1)
            return TreePage(children: page.prefix(limit).map { c in
                node(.path(key: c.key, hasValue: c.hasValue), c.hasChildren ? c.name + "/" : c.name, branch: c.hasChildren)
            }, nextAfter: page.count > limit ? page[limit - 1].name : nil)
        case .section(.namespaces):
            return TreePage(children: try namespaces().map { node(.namespace($0.name), $0.name, branch: true) }, nextAfter: nil)
        case .section(.tables):
            return TreePage(children: try sqlSchema().filter { $0.kind == .table }.map {
                node(.table($0.name), $0.name, branch: false, count: "\($0.columns.count) cols")
            }, nextAfter: nil)
        case .namespace(let ns):
            var children = try collections(in: ns).map { c in
                node(.collection(namespace: ns, name: c.name), c.name, branch: true,
                     count: (try? documentCount(namespace: ns, collection: c.name)).map { "\($0) docs" })
            }
            if !(try graphNodes(namespace: ns, after: nil, limit: 1)).isEmpty {
                children.append(node(.graph(namespace: ns), "graph", branch: true))
            }
            return TreePage(children: children, nextAfter: nil)
        case .collection(let ns, let name):
            let ids = try documentIDs(namespace: ns, collection: name, after: after, limit: limit + 1)
            return TreePage(children: ids.prefix(limit).map {
                node(.document(namespace: ns, collection: name, id: $0), $0, branch: false)
            }, nextAfter: ids.count > limit ? ids[limit - 1] : nil)
        case .graph(let ns):
            let page = try graphNodes(namespace: ns, after: after, limit: limit + 1)
            return TreePage(children: page.prefix(limit).map {
                node(.graphNode(namespace: ns, id: $0.id), $0.id, branch: false, count: $0.type)
            }, nextAfter: page.count > limit ? page[limit - 1].id : nil)
        default:
            return TreePage(children: [], nextAfter: nil)
        }
    }
}
