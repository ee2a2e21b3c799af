import ToonCore

/// Splits SQL text into tokens, following SQLite's lexical rules.
/// Works on the UTF-8 bytes; columns count characters (not bytes).
struct Lexer {
    let bytes: [UInt8]
    private var index = 0
    private var line = 1
    /// Byte offset where the current line starts, and the number of UTF-8
    /// continuation bytes seen on it so far (to turn byte offsets into columns).
    private var lineStart = 0
    private var continuationBytes = 0

    init(_ sql: String) {
        self.bytes = Array(sql.utf8)
    }

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Every token of the input, ending with an `.endOfInput` token.
    static func tokenize(_ bytes: [UInt8]) throws -> [Token] {
        var lexer = Lexer(bytes: bytes)
        var tokens: [Token] = []
        tokens.reserveCapacity(bytes.count / 4 + 1)
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if token.kind == .endOfInput { return tokens }
        }
    }

    /// The source text of bytes `start..<end`.
    static func text(_ bytes: [UInt8], _ start: Int, _ end: Int) -> String {
        String(decoding: bytes[start..<end], as: UTF8.self)
    }

    private var column: Int { index - lineStart - continuationBytes + 1 }

    private func peek(_ offset: Int = 0) -> UInt8 {
        let i = index + offset
        return i < bytes.count ? bytes[i] : 0
    }

    private var atEnd: Bool { index >= bytes.count }

    /// Advances over one byte, keeping line and column up to date.
    private mutating func advance() {
        let b = bytes[index]
        index += 1
        if b == 0x0A {
            line += 1
            lineStart = index
            continuationBytes = 0
        } else if b & 0xC0 == 0x80 {
            continuationBytes += 1
        }
    }

    private func error(_ message: String, from start: Int, line: Int, column: Int) -> ToonDBError {
        var end = min(bytes.count, start + 20)
        // Do not cut a UTF-8 sequence in half.
        while end < bytes.count && end > start && bytes[end] & 0xC0 == 0x80 { end -= 1 }
        var near = Lexer.text(bytes, start, end)
        if end < bytes.count { near += "…" }
        return ToonDBError.sqlSyntax(message, near: near, at: SourcePosition(line: line, column: column))
    }

    static func isIdentifierStart(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || b == 0x5F || b >= 0x80
    }

    static func isIdentifierPart(_ b: UInt8) -> Bool {
        isIdentifierStart(b) || isDigit(b) || b == 0x24 // $
    }

    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: return b - 0x30
        case 0x61...0x66: return b - 0x61 + 10
        case 0x41...0x46: return b - 0x41 + 10
        default: return nil
        }
    }

    /// Skips whitespace and comments.
    private mutating func skipTrivia() throws {
        while !atEnd {
            let b = bytes[index]
            switch b {
            case 0x20, 0x09, 0x0A, 0x0D, 0x0C, 0x0B:
                advance()
            case 0x2D where peek(1) == 0x2D: // --
                while !atEnd && bytes[index] != 0x0A { advance() }
            case 0x2F where peek(1) == 0x2A: // /*
                let start = index, l = line, c = column
                advance(); advance()
                while true {
                    if atEnd { throw error("unterminated comment", from: start, line: l, column: c) }
                    if bytes[index] == 0x2A && peek(1) == 0x2F { advance(); advance(); break }
                    advance()
                }
            default:
                return
            }
        }
    }

    /// The next token.
    mutating func next() throws -> Token {
        try skipTrivia()
        let start = index, l = line, c = column
        func make(_ kind: TokenKind, _ text: String = "", _ value: SQLValue = .null,
                  keyword: Keyword? = nil) -> Token {
            Token(kind: kind, keyword: keyword, text: text, value: value, start: start, end: index, line: l, column: c)
        }
        if atEnd { return make(.endOfInput) }
        let b = bytes[index]

        // Blob literal X'…'
        if (b == 0x78 || b == 0x58) && peek(1) == 0x27 {
            advance(); advance()
            var blob: [UInt8] = []
            var digits: [UInt8] = []
            while true {
                if atEnd { throw error("unterminated blob literal", from: start, line: l, column: c) }
                let d = bytes[index]
                if d == 0x27 { advance(); break }
                if let v = Lexer.hexValue(d) { digits.append(v) } else { digits.append(0xFF) }
                advance()
            }
            if digits.count % 2 != 0 || digits.contains(0xFF) {
                throw error("malformed blob literal", from: start, line: l, column: c)
            }
            blob.reserveCapacity(digits.count / 2)
            var i = 0
            while i < digits.count { blob.append(digits[i] << 4 | digits[i + 1]); i += 2 }
            return make(.blob, "", .blob(blob))
        }

        if Lexer.isIdentifierStart(b) {
            while !atEnd && Lexer.isIdentifierPart(bytes[index]) { advance() }
            let text = Lexer.text(bytes, start, index)
            var keyword: Keyword?
            let length = index - start
            if length >= 2 && length <= 17 {
                var upper: [UInt8] = []
                upper.reserveCapacity(length)
                var plain = true
                for i in start..<index {
                    var ch = bytes[i]
                    if ch >= 0x80 { plain = false; break }
                    if ch >= 0x61 && ch <= 0x7A { ch -= 0x20 }
                    upper.append(ch)
                }
                if plain { keyword = Keyword.table[String(decoding: upper, as: UTF8.self)] }
            }
            return make(.word, text, keyword: keyword)
        }

        if Lexer.isDigit(b) || (b == 0x2E && Lexer.isDigit(peek(1))) {
            return try number(start: start, line: l, column: c)
        }

        switch b {
        case 0x27: // 'string'
            advance()
            var value: [UInt8] = []
            while true {
                if atEnd { throw error("unterminated string literal", from: start, line: l, column: c) }
                let ch = bytes[index]
                advance()
                if ch == 0x27 {
                    if !atEnd && bytes[index] == 0x27 { value.append(0x27); advance(); continue }
                    break
                }
                value.append(ch)
            }
            let s = String(decoding: value, as: UTF8.self)
            return make(.string, s, .text(s))
        case 0x22, 0x60, 0x5B: // "ident", `ident`, [ident]
            let close: UInt8 = b == 0x5B ? 0x5D : b
            advance()
            var value: [UInt8] = []
            while true {
                if atEnd { throw error("unterminated quoted identifier", from: start, line: l, column: c) }
                let ch = bytes[index]
                advance()
                if ch == close {
                    if close != 0x5D && !atEnd && bytes[index] == close { value.append(ch); advance(); continue }
                    break
                }
                value.append(ch)
            }
            return make(.quotedIdentifier, String(decoding: value, as: UTF8.self))
        default:
            break
        }

        // Operators and punctuation.
        let kind: TokenKind
        var length = 1
        let n = peek(1)
        switch b {
        case 0x28: kind = .leftParen
        case 0x29: kind = .rightParen
        case 0x2C: kind = .comma
        case 0x2E: kind = .dot
        case 0x3B: kind = .semicolon
        case 0x2B: kind = .plus
        case 0x2D: kind = .minus
        case 0x2A: kind = .star
        case 0x2F: kind = .slash
        case 0x25: kind = .percent
        case 0x7E: kind = .tilde
        case 0x26: kind = .ampersand
        case 0x7C:
            if n == 0x7C { kind = .concat; length = 2 } else { kind = .pipe }
        case 0x3C:
            switch n {
            case 0x3D: kind = .lessEqual; length = 2
            case 0x3E: kind = .notEqual; length = 2
            case 0x3C: kind = .shiftLeft; length = 2
            default: kind = .less
            }
        case 0x3E:
            switch n {
            case 0x3D: kind = .greaterEqual; length = 2
            case 0x3E: kind = .shiftRight; length = 2
            default: kind = .greater
            }
        case 0x3D:
            kind = .equal
            if n == 0x3D { length = 2 }
        case 0x21 where n == 0x3D:
            kind = .notEqual; length = 2
        case 0x3F: // ?NNN
            advance()
            while !atEnd && Lexer.isDigit(bytes[index]) { advance() }
            return make(.parameter, Lexer.text(bytes, start, index))
        case 0x3A, 0x40, 0x24: // :name, @name, $name
            advance()
            guard !atEnd && Lexer.isIdentifierPart(bytes[index]) else {
                throw error("a parameter needs a name", from: start, line: l, column: c)
            }
            while !atEnd && Lexer.isIdentifierPart(bytes[index]) { advance() }
            return make(.parameter, Lexer.text(bytes, start, index))
        default:
            throw error("unrecognized token", from: start, line: l, column: c)
        }
        for _ in 0..<length { advance() }
        return make(kind, Lexer.text(bytes, start, index))
    }

    /// A numeric literal: decimal or hex integer, or real.
    private mutating func number(start: Int, line l: Int, column c: Int) throws -> Token {
        func make(_ kind: TokenKind, _ value: SQLValue) -> Token {
            Token(kind: kind, keyword: nil, text: Lexer.text(bytes, start, index), value: value,
                  start: start, end: index, line: l, column: c)
        }
        // Hexadecimal.
        if bytes[index] == 0x30 && (peek(1) == 0x78 || peek(1) == 0x58) && Lexer.hexValue(peek(2)) != nil {
            advance(); advance()
            var v: UInt64 = 0
            var digits = 0
            while !atEnd, let h = Lexer.hexValue(bytes[index]) {
                if v != 0 || h != 0 { digits += 1 }
                v = v << 4 | UInt64(h)
                advance()
            }
            if !atEnd && Lexer.isIdentifierPart(bytes[index]) {
                throw error("unrecognized token", from: start, line: l, column: c)
            }
            if digits > 16 { throw error("hex literal too big", from: start, line: l, column: c) }
            return make(.integer, .integer(Int64(bitPattern: v)))
        }
        var isReal = false
        while !atEnd && Lexer.isDigit(bytes[index]) { advance() }
        if !atEnd && bytes[index] == 0x2E {
            isReal = true
            advance()
            while !atEnd && Lexer.isDigit(bytes[index]) { advance() }
        }
        if !atEnd && (bytes[index] == 0x65 || bytes[index] == 0x45) {
            let sign = peek(1) == 0x2B || peek(1) == 0x2D
            if Lexer.isDigit(peek(sign ? 2 : 1)) {
                isReal = true
                advance()
                if sign { advance() }
                while !atEnd && Lexer.isDigit(bytes[index]) { advance() }
            } else {
                throw error("unrecognized token", from: start, line: l, column: c)
            }
        }
        if !atEnd && Lexer.isIdentifierPart(bytes[index]) {
            throw error("unrecognized token", from: start, line: l, column: c)
        }
        let text = Lexer.text(bytes, start, index)
        if !isReal {
            // Decimal integer; too large for Int64 becomes a real, as in SQLite.
            var v: Int64 = 0
            var overflow = false
            for i in start..<index {
                let (m, o1) = v.multipliedReportingOverflow(by: 10)
                let (s, o2) = m.addingReportingOverflow(Int64(bytes[i] - 0x30))
                if o1 || o2 { overflow = true; break }
                v = s
            }
            if !overflow { return make(.integer, .integer(v)) }
        }
        guard let d = Double(text) else {
            throw error("malformed number", from: start, line: l, column: c)
        }
        return make(.real, .real(d))
    }
}
