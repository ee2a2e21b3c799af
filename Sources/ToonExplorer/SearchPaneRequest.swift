import Foundation
import ToonDB

/// The search pane's search, as the reducer asks for it.
package struct SearchPaneRequest: Sendable, Equatable {
    package var namespace: String
    package var collection: String
    /// The document whose vector "more like this" and hybrid search use.
    package var sourceDocument: String?
    /// The search text, trimmed.
    package var text: String
    package var mode: SearchMode
    package var alpha: Double
    package var k: Int
}

/// What a search found: the hits with their ranks in every list, a note when
/// it did less than the mode asks, the error, and how long it took (nil when it failed).
package struct SearchOutcome: Sendable, Equatable {
    package var rows: [SearchRow] = []
    package var note: String?
    package var error: String?
    package var elapsed: Double?

    package init(rows: [SearchRow] = [], note: String? = nil, error: String? = nil, elapsed: Double? = nil) {
        self.rows = rows
        self.note = note
        self.error = error
        self.elapsed = elapsed
    }
}

extension DataSource {
    /// Runs the search pane's search: the vector list, the keyword list and the
    /// fused list, so each hit shows its rank in all three.
    func search(_ s: SearchPaneRequest) -> SearchOutcome {
        let (ns, col, text, k) = (s.namespace, s.collection, s.text, s.k)
        var outcome = SearchOutcome()
        let t0 = ContinuousClock.now
        do {
            var vector: [Float]?
            if let id = s.sourceDocument, let d = try document(namespace: ns, collection: col, id: id) {
                vector = d.vectors.sorted { $0.key < $1.key }.first?.value
            }
            let vectorHits: [SearchResult] = try vector == nil ? [] :
                search(namespace: ns, collection: col, .moreLikeThis(id: s.sourceDocument!, k: k))
            let keywordHits: [SearchResult] = text.isEmpty ? [] : try search(namespace: ns, collection: col, .keyword(text, k: k))
            var fused: [SearchResult]
            switch s.mode {
            case .vector:
                fused = vectorHits
                if vector == nil {
                    outcome.note = s.sourceDocument == nil
                        ? "no vector search: select a document for \"more like this\" (m: keyword)"
                        : "no vector search: \(s.sourceDocument!) has no vector"
                }
            case .keyword: fused = keywordHits
            case .hybrid:
                if vector == nil, !text.isEmpty {
                    outcome.note = s.sourceDocument == nil
                        ? "keyword only: select a document for vector similarity"
                        : "keyword only: \(s.sourceDocument!) has no vector"
                } else if vector != nil, text.isEmpty {
                    outcome.note = "vector only: type text (i) for keywords"
                }
                if let vector, !text.isEmpty {
                    fused = try search(namespace: ns, collection: col,
                                       .hybrid(vector: vector, text: text, k: k + 1, alpha: s.alpha, rrf: false))
                    fused.removeAll { $0.id == s.sourceDocument }
                    fused = Array(fused.prefix(k))
                } else {
                    fused = vector == nil ? keywordHits : vectorHits
                }
            }
            if fused.isEmpty && vector == nil && text.isEmpty {
                outcome.error = "type search text (i), or pick a document for \"more like this\""
            }
            func rank(_ list: [SearchResult], _ id: String) -> Int? { list.firstIndex { $0.id == id }.map { $0 + 1 } }
            outcome.rows = fused.map { r in
                SearchRow(id: r.id, vectorRank: rank(vectorHits, r.id), keywordRank: rank(keywordHits, r.id),
                          fusedRank: rank(fused, r.id), score: r.score,
                          content: (r.content ?? r.metadata.elements.first.map { "\($0.key): \($0.value.jsonText())" } ?? "")
                              .replacingOccurrences(of: "\n", with: " "))
            }
            outcome.elapsed = (ContinuousClock.now - t0).inSeconds
        } catch {
            outcome.error = "\(error)"
            outcome.rows = []
        }
        return outcome
    }
}
