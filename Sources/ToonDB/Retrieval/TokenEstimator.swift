/// Counts the tokens a text costs an LLM, for ``ContextQuery``'s budget.
///
/// The default, ``default``, estimates ⌈characters / 4⌉ (at least 1 for a
/// non-empty text), the usual rule of thumb for English with BPE
/// tokenizers; it runs on Unicode scalars, so it needs no model files.
/// Replace it with your model's tokenizer for exact budgets:
///
/// ```swift
/// let exact = TokenEstimator(name: "tiktoken-cl100k") { text in myTokenizer.count(text) }
/// try ContextQuery(col).withTokenEstimator(exact)…
/// ```
public struct TokenEstimator: Sendable {
    /// A name shown with results (`asJSON`, `asMarkdown`).
    public var name: String
    private let count: @Sendable (String) -> Int

    /// An estimator that counts with `count`.
    public init(name: String, count: @escaping @Sendable (String) -> Int) {
        self.name = name
        self.count = count
    }

    /// The tokens `text` costs.
    public func tokens(_ text: String) -> Int { max(0, count(text)) }

    /// ⌈Unicode scalars / 4⌉.
    public static let `default` = TokenEstimator(name: "chars/4") { text in
        let n = text.unicodeScalars.count
        return (n + 3) / 4
    }
}
