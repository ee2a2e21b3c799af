import ToonCore

/// Where an import writes, or an export reads (toondb(1), IMPORT AND EXPORT): the default key
/// space, a SQL table, or a collection.
public enum ImportTarget: Sendable, Equatable, CustomStringConvertible {
    /// Keys and values of the default key space.
    case kv
    /// A SQL table.
    case table(String)
    /// A collection of a namespace.
    case collection(namespace: String, name: String)

    /// Parses `kv`, `table:NAME` or `collection:NS/COL`.
    public init(parsing text: String) throws {
        if text == "kv" { self = .kv; return }
        if text.hasPrefix("table:"), text.count > 6 { self = .table(String(text.dropFirst(6))); return }
        if text.hasPrefix("collection:") {
            let parts = text.dropFirst(11).split(separator: "/", omittingEmptySubsequences: false)
            if parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty {
                self = .collection(namespace: String(parts[0]), name: String(parts[1]))
                return
            }
        }
        throw ToonDBError(.invalidArgument, "\(text.debugDescription) is not kv, table:NAME or collection:NS/COL",
                          remediation: "for example --into table:users or --into collection:docs/articles")
    }

    public var description: String {
        switch self {
        case .kv: return "kv"
        case .table(let t): return "table:" + t
        case .collection(let ns, let c): return "collection:\(ns)/\(c)"
        }
    }
}

/// The file formats of imports and exports.
public enum TransferFormat: String, Sendable, CaseIterable {
    /// JSON Lines: one JSON object per line.
    case jsonl
    /// RFC 4180 CSV with a header row.
    case csv
    /// Official TOON, a tabular array (export only).
    case toon

    /// The format a file name suggests (`.jsonl`, `.ndjson`, `.csv`, `.toon`), or nil.
    public static func guess(fileName: String) -> TransferFormat? {
        let lower = fileName.lowercased()
        if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") || lower.hasSuffix(".json") { return .jsonl }
        if lower.hasSuffix(".csv") { return .csv }
        if lower.hasSuffix(".toon") { return .toon }
        return nil
    }
}
