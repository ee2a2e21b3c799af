import Foundation
import ToonDB
import ToonFormat

/// How the value pane shows bytes: `v` cycles through the modes; `auto`
/// picks pretty JSON for JSON, text for other UTF-8 and hex for the rest.
package enum ValueMode: String, Sendable, CaseIterable {
    case auto, json, toon, text, hex

    /// The mode after this one.
    package var next: ValueMode { Self.allCases[(Self.allCases.firstIndex(of: self)! + 1) % Self.allCases.count] }
}

/// One line of a rendered value: pieces of text, each with its style.
package struct StyledLine: Sendable, Equatable {
    package var spans: [(String, StyleKey)]

    package init(_ spans: [(String, StyleKey)]) { self.spans = spans }
    package init(_ text: String, _ style: StyleKey = .text) { spans = [(text, style)] }

    package var text: String { spans.map(\.0).joined() }

    package static func == (a: StyledLine, b: StyledLine) -> Bool {
        a.spans.count == b.spans.count && zip(a.spans, b.spans).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    }
}

/// Turns a value into lines for the value pane.
package enum ValueView {
    /// The lines of `bytes` in `mode`, and the mode actually used (`auto` resolved).
    package static func render(_ bytes: [UInt8], mode: ValueMode) -> (lines: [StyledLine], mode: ValueMode) {
        let text = String(validating: bytes, as: UTF8.self)
        let json = text.flatMap { t -> Value? in
            let trimmed = t.trimmingCharacters(in: .whitespaces)
            guard let f = trimmed.first, "{[\"-0123456789tfn".contains(f) else { return nil }
            return try? Value(json: t)
        }
        var m = mode
        if m == .auto { m = json != nil && (text?.first == "{" || text?.first == "[") ? .json : (text != nil ? .text : .hex) }
        switch m {
        case .json:
            if let json { return (jsonLines(json), .json) }
            return ([StyledLine("(not JSON; showing text)", .dim)] + textLines(text, bytes), .json)
        case .toon:
            if let json {
                return (ToonEncoder().encode(json).split(separator: "\n", omittingEmptySubsequences: false).map { toonLine(String($0)) }, .toon)
            }
            return ([StyledLine("(not JSON, so no TOON; showing text)", .dim)] + textLines(text, bytes), .toon)
        case .text: return (textLines(text, bytes), .text)
        case .hex, .auto: return (hexLines(bytes), .hex)
        }
    }

    /// Pretty JSON with keys, strings, numbers and literals styled.
    package static func jsonLines(_ value: Value) -> [StyledLine] {
        value.jsonText(pretty: true).split(separator: "\n", omittingEmptySubsequences: false).map { highlightJSON(String($0)) }
    }

    /// One line of pretty JSON, tokenised for colour.
    static func highlightJSON(_ line: String) -> StyledLine {
        var spans: [(String, StyleKey)] = []
        var chars = Array(line)
        var i = 0
        var plain = ""
        func flush() { if !plain.isEmpty { spans.append((plain, .jsonPunctuation)); plain = "" } }
        while i < chars.count {
            let c = chars[i]
            if c == "\"" {
                flush()
                var j = i + 1
                while j < chars.count, chars[j] != "\"" { j += chars[j] == "\\" ? 2 : 1 }
                j = min(j, chars.count - 1)
                let s = String(chars[i...j])
                var k = j + 1
                while k < chars.count, chars[k] == " " { k += 1 }
                spans.append((s, k < chars.count && chars[k] == ":" ? .jsonKey : .jsonString))
                i = j + 1
            } else if c == "-" || c.isNumber {
                flush()
                var j = i
                while j < chars.count, "-+.eE0123456789".contains(chars[j]) { j += 1 }
                spans.append((String(chars[i..<j]), .jsonNumber))
                i = j
            } else if c.isLetter {
                flush()
                var j = i
                while j < chars.count, chars[j].isLetter { j += 1 }
                spans.append((String(chars[i..<j]), .jsonLiteral))
                i = j
            } else if c == " " {
                if plain.isEmpty, spans.isEmpty || spans.last?.1 != .text { spans.append((" ", .text)) } else { plain.append(c) }
                i += 1
            } else {
                plain.append(c)
                i += 1
            }
        }
        flush()
        chars = []
        return StyledLine(spans.isEmpty ? [("", .text)] : spans)
    }

    static func toonLine(_ line: String) -> StyledLine {
        guard let colon = line.firstIndex(of: ":") else { return StyledLine(line) }
        return StyledLine([(String(line[..<colon]), .jsonKey), (String(line[colon...]), .text)])
    }

    static func textLines(_ text: String?, _ bytes: [UInt8]) -> [StyledLine] {
        guard let text else {
            // Binary: printable ASCII as is, the rest escaped.
            let escaped = bytes.map { b -> String in
                (0x20..<0x7F).contains(b) && b != 0x5C ? String(UnicodeScalar(b)) : String(format: "\\x%02x", b)
            }.joined()
            return [StyledLine(escaped)]
        }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { StyledLine(String($0).replacingOccurrences(of: "\t", with: "    ")) }
    }

    /// 16 bytes a line: offset, hex, ASCII.
    package static func hexLines(_ bytes: [UInt8]) -> [StyledLine] {
        if bytes.isEmpty { return [StyledLine("(empty)", .dim)] }
        return stride(from: 0, to: bytes.count, by: 16).map { off in
            let chunk = bytes[off..<min(off + 16, bytes.count)]
            let hex = chunk.map { String(format: "%02x", $0) }.joined(separator: " ")
            let ascii = String(chunk.map { (0x20..<0x7F).contains($0) ? Character(UnicodeScalar($0)) : "." })
            return StyledLine([(String(format: "%08x  ", off), .hexOffset),
                               (hex.padding(toLength: 48, withPad: " ", startingAt: 0) + " ", .text), (ascii, .dim)])
        }
    }
}
