import Foundation
import ToonCore
import ToonFormat

/// One piece of an assembled context.
public struct ContextChunk: Sendable, Equatable {
    /// The document's id.
    public var id: String
    /// The text given to the model: the document's content, or its metadata as JSON when it has none.
    public var content: String
    /// The fused score (higher ranks first).
    public var score: Double
    /// What ``content`` costs by the result's estimator.
    public var tokens: Int
    /// The document's metadata.
    public var metadata: OrderedDictionary<String, Value>
}

/// The context ``ContextQuery/execute()`` assembled, renderable as
/// markdown, TOON or JSON.
public struct ContextResult: Sendable, Equatable {
    /// The chunks, best first.
    public var chunks: [ContextChunk]
    /// Σ chunk tokens; never more than ``tokenBudget``.
    public var totalTokens: Int
    /// The budget asked for.
    public var tokenBudget: Int
    /// The name of the estimator that counted (see ``TokenEstimator``).
    public var estimator: String

    /// `## id (score 0.0123)` then the content, per chunk.
    public func asMarkdown() -> String {
        chunks.map { c in
            "## \(c.id) (score \(String(format: "%.4f", c.score)))\n\n\(c.content)\n"
        }.joined(separator: "\n")
    }

    /// The chunks as a TOON table (`chunks[n]{id,score,tokens,content}:` …).
    public func asToon() -> String {
        ToonEncoder().encode(["chunks": .array(chunks.map(\.record))])
    }

    /// `{"totalTokens":…,"tokenBudget":…,"estimator":…,"chunks":[…]}`.
    public func asJSON(pretty: Bool = false) -> String {
        let v: Value = ["totalTokens": .int(Int64(totalTokens)), "tokenBudget": .int(Int64(tokenBudget)),
                        "estimator": .string(estimator), "chunks": .array(chunks.map(\.record))]
        return v.jsonText(pretty: pretty)
    }
}

extension ContextChunk {
    var record: Value {
        ["id": .string(id), "score": .double(score), "tokens": .int(Int64(tokens)), "content": .string(content)]
    }
}
