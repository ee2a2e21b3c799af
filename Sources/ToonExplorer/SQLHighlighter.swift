import Foundation
import ToonCommands

/// Colours the query editor's SQL through the theme: keywords, strings,
/// numbers, comments and names each have a style key (toondb-themes(5)),
/// and the token at the line and column of the last error is underlined
/// (`sql.error`). The whole text is tokenized at once, so a string or
/// comment that runs over lines keeps its colour.
enum SQLHighlighter {
    /// The style of a token kind.
    static func style(of kind: SQLToken.Kind) -> StyleKey {
        switch kind {
        case .keyword: return .sqlKeyword
        case .identifier, .quotedIdentifier, .parameter: return .sqlIdentifier
        case .string: return .sqlString
        case .number: return .sqlNumber
        case .comment: return .sqlComment
        case .symbol, .whitespace: return .text
        }
    }

    /// The style of every character of `lines` (the editor's text); `error`
    /// (1-based line and column, as the engine reports them) marks the token
    /// found there, or the last one before it when it falls on a space or past the end.
    static func styles(_ lines: [[Character]], error: (line: Int, column: Int)? = nil) -> [[StyleKey]] {
        let text = lines.map { String($0) }.joined(separator: "\n")
        var flat: [StyleKey] = []
        flat.reserveCapacity(text.count)
        let tokens = SQLTokenizer.tokens(text)
        for t in tokens { flat += Array(repeating: style(of: t.kind), count: t.length) }
        if let error, error.line >= 1, error.line <= lines.count {
            let offset = lines[..<(error.line - 1)].reduce(0) { $0 + $1.count + 1 } + max(0, error.column - 1)
            let token = tokens.last { $0.offset <= offset && $0.isSignificant }
            if let token {
                for i in token.offset..<(token.offset + token.length) where i < flat.count { flat[i] = .sqlError }
            }
        }
        var out: [[StyleKey]] = []
        var at = 0
        for l in lines {
            out.append(Array(flat[min(at, flat.count)..<min(at + l.count, flat.count)]))
            at += l.count + 1
        }
        return out
    }

    /// Draws one line with its styles from column `x0` of row `y`, within `limit` columns.
    static func draw(_ line: [Character], styles: [StyleKey], at x0: Int, _ y: Int, into screen: inout Screen, limit: Int) {
        var x = x0
        let end = x0 + limit
        var i = 0
        // Runs of one style go in one put, so a wide character is never cut.
        while i < line.count, x < end {
            let style = i < styles.count ? styles[i] : .text
            var j = i + 1
            while j < line.count, (j < styles.count ? styles[j] : .text) == style { j += 1 }
            x += screen.put(x, y, String(line[i..<j]), style, limit: end - x)
            i = j
        }
    }

    /// The line and column an error message names (`… at line 2, column 7`), if it names one.
    static func position(in message: String) -> (line: Int, column: Int)? {
        guard let r = message.range(of: " at line ", options: .backwards) else { return nil }
        let rest = message[r.upperBound...]
        let parts = rest.split(separator: ",", maxSplits: 1)
        guard parts.count == 2, let line = Int(parts[0]) else { return nil }
        let col = parts[1].drop { $0 == " " }
        guard col.hasPrefix("column ") else { return nil }
        guard let column = Int(col.dropFirst(7).prefix { $0.isNumber }) else { return nil }
        return (line, column)
    }
}
