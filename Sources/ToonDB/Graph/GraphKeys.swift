import ToonCore

/// The keys of one namespace's graph (byte table in
/// `Sources/ToonStorage/FORMAT.md` §8.1). With `G` = `\0n/<namespace>/g/`:
///
/// - `G "n/" id` → the node: `varint` type length, type, properties (§8.3 object);
/// - `G "o/" from 00 type 00 to` → the edge's properties (§8.3 object);
/// - `G "i/" to 00 type 00 from` → the same bytes, the reverse adjacency entry.
///
/// Ids and edge types never hold a NUL byte, so `G "o/" id 00` is the prefix
/// of exactly the edges leaving `id`: a neighbour lookup is one prefix scan.
struct GraphKeys: Sendable {
    /// `G`.
    let base: [UInt8]
    private let nodes: [UInt8]
    private let outgoing: [UInt8]
    private let incoming: [UInt8]

    init(namespace: String) {
        base = KeySpace.graph(namespace)
        nodes = base + Array("n/".utf8)
        outgoing = base + Array("o/".utf8)
        incoming = base + Array("i/".utf8)
    }

    /// The longest id or edge type, in UTF-8 bytes.
    static let maxNameLength = 1024

    /// Throws `invalidArgument` unless `name` is 1…1024 bytes without NUL.
    static func check(_ name: String, _ what: String) throws {
        let u = name.utf8
        guard !u.isEmpty, u.count <= maxNameLength, !u.contains(0) else {
            throw ToonDBError(.invalidArgument, "\(what) \"\(name)\" is empty, longer than \(maxNameLength) bytes or holds a NUL",
                              remediation: "use 1 to \(maxNameLength) bytes of text without NUL")
        }
    }

    func node(_ id: String) -> [UInt8] { nodes + Array(id.utf8) }

    /// The first byte after every node key.
    var nodeRange: (lower: [UInt8], upper: [UInt8]?) { (nodes, nodes.prefixSuccessor) }

    /// The key of an edge in the adjacency list of `near` (`outgoing`: its source).
    func edge(_ near: String, _ type: String, _ far: String, outgoing isOut: Bool) -> [UInt8] {
        var k = isOut ? outgoing : incoming
        k.append(contentsOf: near.utf8)
        k.append(0)
        k.append(contentsOf: type.utf8)
        k.append(0)
        k.append(contentsOf: far.utf8)
        return k
    }

    /// The prefix of the adjacency list of `id` in one direction, narrowed to one type when given.
    func adjacency(_ id: String, outgoing isOut: Bool, type: String?) -> [UInt8] {
        var k = isOut ? outgoing : incoming
        k.append(contentsOf: id.utf8)
        k.append(0)
        if let type {
            k.append(contentsOf: type.utf8)
            k.append(0)
        }
        return k
    }

    /// `G "o/"` (`outgoing`) or `G "i/"`: the prefix of every adjacency entry in one direction.
    func adjacencyArea(outgoing isOut: Bool) -> [UInt8] { isOut ? outgoing : incoming }

    /// Splits an adjacency key after its area prefix (`near 00 type 00 far`) into its three names.
    static func splitAdjacency(_ rest: ArraySlice<UInt8>) -> (near: String, type: String, far: String)? {
        guard let z = rest.firstIndex(of: 0) else { return nil }
        let tail = Array(rest[(z + 1)...])
        guard let (type, far) = tail.withUnsafeBytes({ splitEdge($0) }) else { return nil }
        return (String(decoding: rest[..<z], as: UTF8.self), type, far)
    }

    /// Splits the rest of an adjacency key after `near 00` into (type, far).
    static func splitEdge(_ rest: UnsafeRawBufferPointer) -> (type: String, far: String)? {
        guard let z = rest.firstIndex(of: 0) else { return nil }
        return (String(decoding: UnsafeRawBufferPointer(rebasing: rest[..<z]), as: UTF8.self),
                String(decoding: UnsafeRawBufferPointer(rebasing: rest[(z + 1)...]), as: UTF8.self))
    }

    /// The far end of an adjacency key after `near 00`.
    static func farEnd(_ rest: UnsafeRawBufferPointer) -> String? {
        guard let z = rest.firstIndex(of: 0) else { return nil }
        return String(decoding: UnsafeRawBufferPointer(rebasing: rest[(z + 1)...]), as: UTF8.self)
    }

    /// Properties as stored: an object with members sorted by name.
    static func encode(_ properties: [String: Value], into out: inout [UInt8]) {
        var o = OrderedDictionary<String, Value>(minimumCapacity: properties.count)
        for k in properties.keys.sorted() { o[k] = properties[k] }
        Value.object(o).appendBinary(to: &out)
    }

    /// Decodes stored properties at `pos` to the end; `corruption` naming `what` when damaged.
    static func decodeProperties(_ p: UnsafeRawBufferPointer, from pos: Int, _ what: @autoclosure () -> String) throws -> [String: Value] {
        var pos = pos
        guard let v = Value.decodeBinary(p, &pos), pos == p.count, case .object(let o) = v else {
            throw ToonDBError(.corruption, "the stored record of \(what()) is damaged",
                              remediation: "restore the database from a backup")
        }
        var out: [String: Value] = [:]
        out.reserveCapacity(o.count)
        for (k, v) in o { out[k] = v }
        return out
    }

    /// The node record: type then properties.
    static func nodeRecord(type: String, properties: [String: Value]) -> [UInt8] {
        var out: [UInt8] = []
        let t = type.utf8
        Varint.append(UInt64(t.count), to: &out)
        out.append(contentsOf: t)
        encode(properties, into: &out)
        return out
    }

    /// Decodes a node record of `id`.
    static func decodeNode(_ id: String, _ bytes: [UInt8]) throws -> GraphNode {
        try bytes.withUnsafeBytes { p in
            var pos = 0
            guard let n = Varint.read(p, &pos), n <= UInt64(p.count - pos) else {
                throw ToonDBError(.corruption, "the stored record of node \"\(id)\" is damaged",
                                  remediation: "restore the database from a backup")
            }
            let type = String(decoding: UnsafeRawBufferPointer(rebasing: p[pos..<pos + Int(n)]), as: UTF8.self)
            let props = try decodeProperties(p, from: pos + Int(n), "node \"\(id)\"")
            return GraphNode(id: id, type: type, properties: props)
        }
    }
}
