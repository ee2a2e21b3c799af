import ToonCore

extension GraphOverlay {
    /// Up to `limit` nodes in id byte order, after the node `after` when given
    /// (for browsing a large graph page by page).
    public func nodes(after: String? = nil, limit: Int) throws -> [GraphNode] {
        try checkName()
        guard limit > 0 else { return [] }
        let range = keys.nodeRange
        let lower = after.map { range.lower + Array($0.utf8) + [0] } ?? range.lower
        let it = try engine.iterator(lower: lower, upper: range.upper)
        var out: [GraphNode] = []
        while out.count < limit, let (k, v) = try it.next() {
            out.append(try GraphKeys.decodeNode(String(decoding: k[range.lower.count...], as: UTF8.self), v))
        }
        return out
    }
}
