import Foundation
import ToonDB

extension DataSource {
    /// What the value pane shows for a tree row of `kind` that stands for
    /// stored data (a read error is shown as the pane's one line).
    func valueContent(of kind: TreeNode.Kind) -> ValueContent {
        do {
            switch kind {
            case .path(let key, _):
                guard let v = try get(key) else { return .prefixOnly }
                return ValueContent(bytes: v, key: key)
            case .namespace(let ns):
                let info = try namespaces().first { $0.name == ns }
                var o = OrderedDictionary<String, Value>()
                o["name"] = .string(ns)
                if let info {
                    o["display_name"] = .string(info.displayName)
                    o["labels"] = .object(OrderedDictionary(uniqueKeysWithValues: info.labels.sorted { $0.key < $1.key }.map { ($0.key, Value.string($0.value)) }))
                    o["created_at"] = .int(Int64(info.createdAt))
                }
                o["collections"] = .array(try collections(in: ns).map { .string($0.name) })
                return ValueContent(lines: ValueView.jsonLines(.object(o)))
            case .collection(let ns, let name):
                guard let c = try collections(in: ns).first(where: { $0.name == name }) else {
                    return ValueContent(lines: [StyledLine("collection \(ns)/\(name) no longer exists", .statusError)])
                }
                var o = OrderedDictionary<String, Value>()
                o["name"] = .string(c.name)
                o["dimension"] = .int(Int64(c.dimension))
                o["metric"] = .string("\(c.metric)")
                o["m"] = .int(Int64(c.m))
                o["ef_construction"] = .int(Int64(c.efConstruction))
                o["hybrid"] = .bool(c.enableHybridSearch)
                o["content_field"] = .string(c.contentField)
                o["documents"] = .int(Int64(try documentCount(namespace: ns, collection: name)))
                return ValueContent(lines: ValueView.jsonLines(.object(o)))
            case .document(let ns, let col, let id):
                guard let d = try document(namespace: ns, collection: col, id: id) else {
                    return ValueContent(lines: [StyledLine("document \(id) no longer exists", .statusError)])
                }
                var o = OrderedDictionary<String, Value>()
                o["id"] = .string(d.id)
                if let c = d.content { o["content"] = .string(c) }
                o["metadata"] = .object(d.metadata)
                for (field, v) in d.vectors.sorted(by: { $0.key < $1.key }) {
                    let head = v.prefix(4).map { String(format: "%.3f", $0) }.joined(separator: ", ")
                    o[field.isEmpty ? "vector" : "vector." + field] = .string("[\(head)\(v.count > 4 ? ", …" : "")] (\(v.count) dims)")
                }
                return ValueContent(bytes: Array(Value.object(o).jsonText().utf8))
            case .graphNode(let ns, let id):
                let edges = try graphEdges(namespace: ns, node: id, direction: .both)
                var o = OrderedDictionary<String, Value>()
                o["id"] = .string(id)
                o["edges"] = .array(edges.map { .string("\($0.fromID) -[\($0.edgeType)]-> \($0.toID)") })
                return ValueContent(lines: ValueView.jsonLines(.object(o)))
            case .table(let name):
                let entries = try sqlSchema().filter { $0.table == name }
                return ValueContent(lines: entries.flatMap { e in e.sql.split(separator: "\n").map { StyledLine(String($0)) } }
                    + [StyledLine(""), StyledLine("Enter runs SELECT * FROM \(name) LIMIT 100 in the query pane.", .dim)])
            case .section, .graph, .more, .failure:
                return ValueContent()
            }
        } catch {
            return ValueContent(lines: [StyledLine("\(error)", .statusError)])
        }
    }

    /// The full view of a search hit: the whole document (content and
    /// metadata unabridged) with the hit's ranks.
    func searchHitDetail(namespace ns: String, collection col: String, hit: SearchRow) -> Result<DetailState, LoadError> {
        do {
            guard let d = try document(namespace: ns, collection: col, id: hit.id) else {
                return .failure(LoadError(message: "document \(hit.id) no longer exists"))
            }
            var o = OrderedDictionary<String, Value>()
            o["id"] = .string(d.id)
            o["score"] = .double(hit.score)
            o["ranks"] = .object(["fused": hit.fusedRank.map { .int(Int64($0)) } ?? .null,
                                  "vector": hit.vectorRank.map { .int(Int64($0)) } ?? .null,
                                  "bm25": hit.keywordRank.map { .int(Int64($0)) } ?? .null])
            o["metadata"] = .object(d.metadata)
            var lines = ValueView.jsonLines(.object(o))
            var text = Value.object(o).jsonText(pretty: true)
            if let content = d.content {
                lines += [StyledLine(""), StyledLine("content", .gridHeader)]
                lines += content.split(separator: "\n", omittingEmptySubsequences: false).map { StyledLine(String($0)) }
                text += "\n\n" + content
            }
            return .success(DetailState(title: "\(ns)/\(col)/\(d.id)", text: text, lines: lines))
        } catch {
            return .failure(LoadError(error))
        }
    }
}
