import ToonCore

/// Decodes TOON text (the official format, spec v4.0, `toon-spec: 4.0`) into a ``Value``.
///
/// ```swift
/// let v = try ToonDecoder().decode("users[2]{id,name}:\n  1,Ada\n  2,Bob")
/// // {"users": [{"id": 1, "name": "Ada"}, {"id": 2, "name": "Bob"}]}
/// ```
///
/// Numbers: a token without fraction or exponent that fits 64 bits is `.int`;
/// other numbers are `.double`, except that integral values below 2^53 in
/// magnitude (such as `1.0` or `1e3`) become `.int`, since TOON does not
/// tell the two apart (spec §2). A number beyond Double's range is kept as
/// its string, so nothing is lost. Keys such as `__proto__` are ordinary keys.
///
/// Errors are `invalidArgument` with a message `line L, column C: …`.
package struct ToonDecoder: Sendable {
    /// Decoder options (spec §13).
    package struct Options: Sendable {
        /// Spaces per indentation level (default 2).
        package var indentSize: Int
        /// Strict validation of counts, indentation, blank lines and duplicates (default true, spec §14).
        /// Non-strict decoding floors indentation, counts a tab in the indentation as one level,
        /// skips over-indented lines, resolves duplicate keys last-write-wins and reads
        /// malformed headers as literal keys.
        package var strict: Bool
        /// How deeply scopes may nest before decoding fails (never a stack overflow).
        package var maximumNesting: Int

        /// Creates options.
        package init(indentSize: Int = 2, strict: Bool = true, maximumNesting: Int = 256) {
            self.indentSize = indentSize
            self.strict = strict
            self.maximumNesting = maximumNesting
        }
    }

    /// The options in use.
    package var options: Options

    /// Creates a decoder.
    package init(options: Options = Options()) { self.options = options }

    /// Decodes a TOON document.
    /// - Throws: `invalidArgument` naming the line and column at fault.
    package func decode(_ text: String) throws -> Value {
        try decode(bytes: Array(text.utf8))
    }

    /// Decodes a TOON document given as UTF-8 bytes. Ill-formed UTF-8 is an error in
    /// strict mode (spec §4) and is replaced by U+FFFD otherwise.
    package func decode(bytes: [UInt8]) throws -> Value {
        var input = bytes
        if String(validating: bytes, as: UTF8.self) == nil {
            if options.strict { throw Self.badUTF8(bytes) }
            input = Array(String(decoding: bytes, as: UTF8.self).utf8)
        }
        guard options.indentSize >= 1 else {
            throw ToonDBError(.invalidArgument, "indent size \(options.indentSize) is not positive", remediation: "use an indent of 1 or more spaces")
        }
        var parser = try ToonParser(input, options: options)
        return try parser.parseDocument()
    }

    /// The error for ill-formed UTF-8, naming the line and column of the first bad byte.
    private static func badUTF8(_ bytes: [UInt8]) -> ToonDBError {
        var line = 1, lineStart = 0
        var good = 0
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let u):
                let n = UTF8.width(u)
                if u == "\n" { line += 1; lineStart = offset + 1 }
                offset += n
                good = offset
            case .emptyInput, .error: break loop
            }
        }
        let column = 1 + String(decoding: bytes[lineStart..<good], as: UTF8.self).unicodeScalars.count
        return ToonParser.error(line, column, "ill-formed UTF-8")
    }
}
