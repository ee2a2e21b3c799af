/// A forgiving SQL tokenizer for editors: it never fails, so half-typed
/// text (an open string, an unclosed comment) still splits into tokens.
/// Completion reads the context from it and the explorer colours the
/// query editor with it. Offsets count `Character`s of the text.
package struct SQLToken: Sendable, Equatable {
    /// What a token is.
    package enum Kind: Sendable, Equatable {
        /// A word of ``SQLTokenizer/keywords``.
        case keyword
        /// Any other word: a table, column or function name.
        case identifier
        /// A name in `"…"`, `` `…` `` or `[…]`.
        case quotedIdentifier
        /// `'…'`, and blob literals `X'…'`.
        case string
        /// `12`, `3.5e2`, `.5`, `0x1F`.
        case number
        /// `-- …` to the end of the line, or `/* … */`.
        case comment
        /// `?`, `?3`, `:name`, `@name`, `$name`.
        case parameter
        /// Operators and punctuation.
        case symbol
        /// Spaces, tabs and newlines.
        case whitespace
    }

    package var kind: Kind
    /// The token's text.
    package var text: String
    /// Where it starts, in characters from the start of the text.
    package var offset: Int
    /// Its length in characters.
    package var length: Int

    package init(kind: Kind, text: String, offset: Int, length: Int) {
        self.kind = kind
        self.text = text
        self.offset = offset
        self.length = length
    }

    /// Whether it is the keyword `word` (upper case).
    package func isKeyword(_ word: String) -> Bool { kind == .keyword && text.uppercased() == word }

    /// Whether it is neither whitespace nor a comment.
    package var isSignificant: Bool { kind != .whitespace && kind != .comment }
}

/// Splits SQL into ``SQLToken``s.
package enum SQLTokenizer {
    /// The words read as keywords: what completion offers, and the rest of the dialect's reserved words.
    package static let keywords: Set<String> = Set(Completer.sqlKeywords).union([
        "ACTION", "ANALYZE", "ATTACH", "CASCADE", "DATABASE", "DEFERRABLE", "DEFERRED", "DETACH", "EXCLUSIVE",
        "FAIL", "FILTER", "FOREIGN", "FULL", "IMMEDIATE", "INDEXED", "INITIALLY", "MATCH", "NO", "NOTHING", "OVER",
        "PRAGMA", "RAISE", "REFERENCES", "REGEXP", "REINDEX", "RELEASE", "RESTRICT", "RETURNING", "RIGHT",
        "STRICT", "VACUUM", "VIRTUAL",
    ])

    /// The tokens of `text`, in order, covering every character.
    package static func tokens(_ text: String) -> [SQLToken] {
        let chars = Array(text)
        var out: [SQLToken] = []
        var i = 0
        func emit(_ kind: SQLToken.Kind, from start: Int) {
            var kind = kind
            let word = String(chars[start..<i])
            if kind == .identifier, keywords.contains(word.uppercased()) { kind = .keyword }
            out.append(SQLToken(kind: kind, text: word, offset: start, length: i - start))
        }
        /// Moves `i` past a quoted run that `quote` closes (doubled inside); to the end when it never closes.
        func skipQuoted(_ close: Character, doubling: Bool) {
            i += 1
            while i < chars.count {
                if chars[i] == close {
                    if doubling, i + 1 < chars.count, chars[i + 1] == close { i += 2; continue }
                    i += 1
                    return
                }
                i += 1
            }
        }
        while i < chars.count {
            let start = i
            let c = chars[i]
            let next: Character? = i + 1 < chars.count ? chars[i + 1] : nil
            if c.isWhitespace {
                while i < chars.count, chars[i].isWhitespace { i += 1 }
                emit(.whitespace, from: start)
            } else if c == "-", next == "-" {
                while i < chars.count, !chars[i].isNewline { i += 1 }
                emit(.comment, from: start)
            } else if c == "/", next == "*" {
                i += 2
                while i < chars.count, !(chars[i] == "*" && i + 1 < chars.count && chars[i + 1] == "/") { i += 1 }
                i = min(chars.count, i + 2)
                emit(.comment, from: start)
            } else if c == "'" {
                skipQuoted("'", doubling: true)
                emit(.string, from: start)
            } else if (c == "x" || c == "X"), next == "'" {
                i += 1
                skipQuoted("'", doubling: false)
                emit(.string, from: start)
            } else if c == "\"" || c == "`" {
                skipQuoted(c, doubling: true)
                emit(.quotedIdentifier, from: start)
            } else if c == "[" {
                skipQuoted("]", doubling: false)
                emit(.quotedIdentifier, from: start)
            } else if c.isASCII && c.isNumber || c == "." && (next?.isASCII ?? false) && (next?.isNumber ?? false) {
                scanNumber(chars, &i)
                emit(.number, from: start)
            } else if isWordStart(c) {
                while i < chars.count, isWordPart(chars[i]) { i += 1 }
                emit(.identifier, from: start)
            } else if c == "?" || (c == ":" || c == "@" || c == "$") && next.map(isWordPart) == true {
                i += 1
                while i < chars.count, isWordPart(chars[i]) { i += 1 }
                emit(.parameter, from: start)
            } else {
                i += 1
                if let n = next, ["||", "<=", ">=", "<>", "!=", "==", "<<", ">>", "->"].contains(String([c, n])) { i += 1 }
                emit(.symbol, from: start)
            }
        }
        return out
    }

    private static func isWordStart(_ c: Character) -> Bool { c.isLetter || c == "_" }
    private static func isWordPart(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" || c == "$" }

    private static func scanNumber(_ chars: [Character], _ i: inout Int) {
        if chars[i] == "0", i + 1 < chars.count, chars[i + 1] == "x" || chars[i + 1] == "X" {
            i += 2
            while i < chars.count, chars[i].isHexDigit { i += 1 }
            return
        }
        while i < chars.count, chars[i].isASCII, chars[i].isNumber { i += 1 }
        if i < chars.count, chars[i] == "." {
            i += 1
            while i < chars.count, chars[i].isASCII, chars[i].isNumber { i += 1 }
        }
        if i < chars.count, chars[i] == "e" || chars[i] == "E" {
            var j = i + 1
            if j < chars.count, chars[j] == "+" || chars[j] == "-" { j += 1 }
            if j < chars.count, chars[j].isASCII, chars[j].isNumber {
                i = j
                while i < chars.count, chars[i].isASCII, chars[i].isNumber { i += 1 }
            }
        }
    }
}
