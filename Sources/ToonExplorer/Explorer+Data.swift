import Foundation
import ToonDB

extension Explorer {
    /// Shows what the selected tree row stands for in the value pane.
    func selectionChanged() {
        guard let n = state.tree.node(atRow: state.treeRow) else { return }
        state.value.scroll = 0
        state.value.hscroll = 0
        state.value.bytes = nil
        state.value.key = nil
        do {
            switch n.kind {
            case .path(let key, let hasValue):
                state.value.title = String(decoding: key, as: UTF8.self)
                if hasValue, let v = try source.get(key) {
                    state.value.bytes = v
                    state.value.key = key
                } else {
                    state.value.lines = [StyledLine("(a prefix: no value stored at this key; l or Enter expands it)", .dim)]
                }
            case .section(let s):
                state.value.title = s.rawValue
                state.value.lines = [StyledLine(sectionHelp(s), .dim)]
            case .namespace(let ns):
                state.value.title = "namespace \(ns)"
                let info = try source.namespaces().first { $0.name == ns }
                var o = OrderedDictionary<String, Value>()
                o["name"] = .string(ns)
                if let info {
                    o["display_name"] = .string(info.displayName)
                    o["labels"] = .object(OrderedDictionary(uniqueKeysWithValues: info.labels.sorted { $0.key < $1.key }.map { ($0.key, Value.string($0.value)) }))
                    o["created_at"] = .int(Int64(info.createdAt))
                }
                o["collections"] = .array(try source.collections(in: ns).map { .string($0.name) })
                state.value.lines = ValueView.jsonLines(.object(o))
            case .collection(let ns, let name):
                // The search pane searches the collection selected last.
                state.search.namespace = ns
                state.search.collection = name
                state.search.sourceDocument = nil
                state.value.title = "collection \(ns)/\(name)"
                guard let c = try source.collections(in: ns).first(where: { $0.name == name }) else { break }
                var o = OrderedDictionary<String, Value>()
                o["name"] = .string(c.name)
                o["dimension"] = .int(Int64(c.dimension))
                o["metric"] = .string("\(c.metric)")
                o["m"] = .int(Int64(c.m))
                o["ef_construction"] = .int(Int64(c.efConstruction))
                o["hybrid"] = .bool(c.enableHybridSearch)
                o["content_field"] = .string(c.contentField)
                o["documents"] = .int(Int64(try source.documentCount(namespace: ns, collection: name)))
                state.value.lines = ValueView.jsonLines(.object(o))
            case .document(let ns, let col, let id):
                // … and "more like this" starts from the document selected last.
                state.search.namespace = ns
                state.search.collection = col
                state.search.sourceDocument = id
                showDocument(ns, col, id, focusValue: false)
                return
            case .graph(let ns):
                state.value.title = "graph of \(ns)"
                state.value.lines = [StyledLine("Nodes of the graph in namespace \(ns). Enter on a node shows its neighbourhood.", .dim)]
            case .graphNode(let ns, let id):
                state.value.title = "node \(id)"
                let edges = try source.graphEdges(namespace: ns, node: id, direction: .both)
                var o = OrderedDictionary<String, Value>()
                o["id"] = .string(id)
                o["edges"] = .array(edges.map { .string("\($0.fromID) -[\($0.edgeType)]-> \($0.toID)") })
                state.value.lines = ValueView.jsonLines(.object(o))
            case .table(let name):
                state.value.title = "table \(name)"
                let entries = try source.sqlSchema().filter { $0.table == name }
                state.value.lines = entries.flatMap { e in e.sql.split(separator: "\n").map { StyledLine(String($0)) } }
                    + [StyledLine(""), StyledLine("Enter runs SELECT * FROM \(name) LIMIT 100 in the query pane.", .dim)]
            case .more:
                state.value.lines = [StyledLine("Enter loads the next page.", .dim)]
            case .failure(let m):
                state.value.lines = [StyledLine(m, .statusError)]
            }
        } catch {
            state.value.lines = [StyledLine("\(error)", .statusError)]
        }
        rerenderValue()
    }

    func sectionHelp(_ s: TreeNode.Section) -> String {
        switch s {
        case .keys: return "Key paths of the default key space: l expands, Enter opens."
        case .namespaces: return "Namespaces with their collections (documents) and graphs."
        case .tables: return "SQL tables: Enter runs a SELECT in the query pane."
        }
    }

    /// Re-renders the stored bytes in the chosen mode.
    func rerenderValue() {
        guard let b = state.value.bytes else { return }
        let (lines, mode) = ValueView.render(b, mode: state.value.mode)
        state.value.lines = lines
        state.value.shownMode = mode
    }

    /// Shows a collection document in the value pane.
    func showDocument(_ ns: String, _ col: String, _ id: String, focusValue: Bool = true) {
        state.value.title = "\(ns)/\(col)/\(id)"
        state.value.scroll = 0
        do {
            guard let d = try source.document(namespace: ns, collection: col, id: id) else {
                state.value.lines = [StyledLine("document \(id) no longer exists", .statusError)]
                return
            }
            var o = OrderedDictionary<String, Value>()
            o["id"] = .string(d.id)
            if let c = d.content { o["content"] = .string(c) }
            o["metadata"] = .object(d.metadata)
            for (field, v) in d.vectors.sorted(by: { $0.key < $1.key }) {
                let head = v.prefix(4).map { String(format: "%.3f", $0) }.joined(separator: ", ")
                o[field.isEmpty ? "vector" : "vector." + field] = .string("[\(head)\(v.count > 4 ? ", …" : "")] (\(v.count) dims)")
            }
            let bytes = Array(Value.object(o).jsonText().utf8)
            state.value.bytes = bytes
            state.value.key = nil
            rerenderValue()
        } catch {
            state.value.lines = [StyledLine("\(error)", .statusError)]
        }
        if focusValue { focus(.value) }
    }

    func loadStats() {
        do {
            let s = try source.stats()
            let perLevel: Set = ["segmentFilesPerLevel", "segmentBytesPerLevel"]  // shown level by level below
            var lines: [(String, String)] = [("the database", "")]
            lines += s.fields.filter { !DatabaseStats.sinceOpenFields.contains($0.0) && !perLevel.contains($0.0) }
            for (level, files) in s.segmentFilesPerLevel.enumerated() where files > 0 {
                let bytes = level < s.segmentBytesPerLevel.count ? s.segmentBytesPerLevel[level] : 0
                lines.append(("level \(level)", "\(files) segment file\(files == 1 ? "" : "s"), \(bytes) bytes"))
            }
            if !s.backend.isEmpty {
                lines.append(("where it is", ""))
                lines += s.backend
            }
            for ns in try source.namespaces() {
                for c in try source.collections(in: ns.name) {
                    let n = (try? source.documentCount(namespace: ns.name, collection: c.name)) ?? 0
                    let quantized = c.quantization == .none ? "" : " (\(c.quantization.rawValue))"
                    let index = (try? source.collectionStats(namespace: ns.name, collection: c.name)).map {
                        ", graph \($0.graphBytes) bytes, \($0.tombstones) tombstone\($0.tombstones == 1 ? "" : "s")"
                    } ?? ""
                    lines.append(("\(ns.name)/\(c.name)", "\(n) documents, \(c.dimension) dims, " +
                                  "\(c.quantization.vectorBytes(dimension: c.dimension)) bytes/vector\(quantized)" + index +
                                  (c.enableHybridSearch ? ", BM25" : "")))
                }
            }
            lines.append(("this process, since it opened the database", ""))
            lines += s.fields.filter { DatabaseStats.sinceOpenFields.contains($0.0) }
            state.stats.lines = lines
        } catch {
            state.stats.lines = [("error", "\(error)")]
        }
        state.stats.updated = Date()  // also after an error: tried again in a second, not at every wake-up
    }

    /// The neighbourhood of the graph root, breadth-first to the chosen depth.
    func loadGraph() {
        guard let ns = state.graph.namespace, let root = state.graph.root else { return }
        state.graph.error = nil
        // One node lookup per distinct node (at most 2,000 rows).
        var types: [String: String] = [:]
        func type(_ id: String) -> String {
            if let t = types[id] { return t }
            let t = (try? source.graphNode(namespace: ns, id: id))??.type ?? ""
            types[id] = t
            return t
        }
        var rows = [GraphRow(depth: 0, arrow: "", edgeType: "", node: root, nodeType: type(root), seen: false)]
        var seen: Set<String> = [root]
        func walk(_ node: String, _ depth: Int) throws {
            guard depth < state.graph.depth, rows.count < 2000 else { return }
            for e in try source.graphEdges(namespace: ns, node: node, direction: .both) {
                let outgoing = e.fromID == node
                let other = outgoing ? e.toID : e.fromID
                let wasSeen = seen.contains(other)
                rows.append(GraphRow(depth: depth + 1, arrow: outgoing ? "→" : "←", edgeType: e.edgeType,
                                     node: other, nodeType: type(other), seen: wasSeen))
                if !wasSeen {
                    seen.insert(other)
                    try walk(other, depth + 1)
                }
            }
        }
        do { try walk(root, 0) } catch { state.graph.error = "\(error)" }
        state.graph.rows = rows
        state.graph.collapsed = []
        state.graph.selected = min(state.graph.selected, rows.count - 1)
    }

    /// Runs the search pane's search: the vector list, the keyword list and the
    /// fused list, so each hit shows its rank in all three.
    func runSearch() {
        guard let ns = state.search.namespace, let col = state.search.collection else {
            state.search.error = "select a collection or a document in the keys pane first"
            return
        }
        let s = state.search
        let text = s.editor.text.trimmingCharacters(in: .whitespacesAndNewlines)
        state.search.error = nil
        state.search.note = nil
        let t0 = ContinuousClock.now
        do {
            var vector: [Float]?
            if let id = s.sourceDocument, let d = try source.document(namespace: ns, collection: col, id: id) {
                vector = d.vectors.sorted { $0.key < $1.key }.first?.value
            }
            let k = s.k
            let vectorHits: [SearchResult] = try vector == nil ? [] :
                source.search(namespace: ns, collection: col, .moreLikeThis(id: s.sourceDocument!, k: k))
            let keywordHits: [SearchResult] = text.isEmpty ? [] : try source.search(namespace: ns, collection: col, .keyword(text, k: k))
            var fused: [SearchResult]
            switch s.mode {
            case .vector:
                fused = vectorHits
                if vector == nil {
                    state.search.note = s.sourceDocument == nil
                        ? "no vector search: select a document for \"more like this\" (m: keyword)"
                        : "no vector search: \(s.sourceDocument!) has no vector"
                }
            case .keyword: fused = keywordHits
            case .hybrid:
                if vector == nil, !text.isEmpty {
                    state.search.note = s.sourceDocument == nil
                        ? "keyword only: select a document for vector similarity"
                        : "keyword only: \(s.sourceDocument!) has no vector"
                } else if vector != nil, text.isEmpty {
                    state.search.note = "vector only: type text (i) for keywords"
                }
                if let vector, !text.isEmpty {
                    fused = try source.search(namespace: ns, collection: col,
                                              .hybrid(vector: vector, text: text, k: k + 1, alpha: s.alpha, rrf: false))
                    fused.removeAll { $0.id == s.sourceDocument }
                    fused = Array(fused.prefix(k))
                } else {
                    fused = vector == nil ? keywordHits : vectorHits
                }
            }
            if fused.isEmpty && vector == nil && text.isEmpty {
                state.search.error = "type search text (i), or pick a document for \"more like this\""
            }
            func rank(_ list: [SearchResult], _ id: String) -> Int? { list.firstIndex { $0.id == id }.map { $0 + 1 } }
            state.search.rows = fused.map { r in
                SearchRow(id: r.id, vectorRank: rank(vectorHits, r.id), keywordRank: rank(keywordHits, r.id),
                          fusedRank: rank(fused, r.id), score: r.score,
                          content: (r.content ?? r.metadata.elements.first.map { "\($0.key): \($0.value.jsonText())" } ?? "")
                              .replacingOccurrences(of: "\n", with: " "))
            }
            state.search.selected = 0
            state.search.elapsed = (ContinuousClock.now - t0).inSeconds
        } catch {
            state.search.error = "\(error)"
            state.search.rows = []
        }
    }
}
