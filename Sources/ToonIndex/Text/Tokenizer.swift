/// Splits text into search terms; BM25 indexing and querying use this one tokenizer.
///
/// The rules, exactly:
///
/// 1. The text is read as Unicode scalars (code points).
/// 2. A *word character* is a scalar whose Unicode General Category is a
///    Letter (Lu, Ll, Lt, Lm, Lo) or a Number (Nd, Nl, No), or a Mark (Mn, Mc,
///    Me) that continues a run of word characters (a combining accent stays
///    in its term; a mark with nothing to combine with, such as the emoji
///    variation selector U+FE0F or a mark after an ideograph, separates).
///    Every other scalar separates terms: white space, punctuation (the
///    apostrophe, hyphen, underscore and period included), symbols, emoji and
///    control characters. So `"don't"` gives `don`, `t`; `"snake_case"` gives
///    `snake`, `case`; `"v2.0"` gives `v2`, `0`; `"I ❤️ Swift"` gives `i`, `swift`.
/// 3. A term is a maximal run of word characters, except that each ideograph
///    (Unicode property Ideographic: Han characters and the like) and each
///    Hiragana character (U+3040–U+309F) is a term of its own, because those
///    scripts are written without spaces: `"数据库"` gives `数`, `据`, `库`.
///    Other scripts written without spaces (Thai, Khmer, …) give one term per run.
/// 4. Each scalar is replaced by its Unicode default lowercase mapping (full,
///    context-free, as `Unicode.Scalar.Properties.lowercaseMapping`):
///    `"ÜNÏCÖDÉ"` gives `ünïcödé`, `"Straße"` gives `straße`, `"İ"` gives `i̇`;
///    a final capital sigma becomes `σ`, not `ς`.
/// 5. There is no Unicode normalisation: a precomposed `é` (U+00E9) and `e`
///    followed by the combining acute accent (U+0301) are different terms.
/// 6. A run longer than ``maxTermBytes`` UTF-8 bytes is cut, at scalar
///    boundaries, into terms of at most that many bytes.
/// 7. Digits are kept: `"2024"` and `"x86"` are terms.
///
/// There is no stemming and there are no stop words: `running` and `run` are
/// different terms, and `the` is a term like any other.
///
/// Terms are UTF-8; they never contain a NUL byte (it is not a word character),
/// which the index's key layout relies on. ASCII text takes a fast path that
/// hands out slices of the input without copying.
package struct Tokenizer: Sendable {
    /// The longest term in UTF-8 bytes; longer runs are split.
    package static let maxTermBytes = 255

    /// Creates the tokenizer.
    package init() {}

    /// The terms of `text`, in order, repeats included.
    package func terms(_ text: String) -> [String] {
        var out: [String] = []
        forEachTerm(in: text) { out.append(String(decoding: $0, as: UTF8.self)) }
        return out
    }

    /// Calls `body` with the UTF-8 bytes of each term of `text`, in order; the
    /// buffer is valid only during the call.
    package func forEachTerm<E: Error>(in text: String, _ body: (UnsafeRawBufferPointer) throws(E) -> Void) throws(E) {
        var text = text
        var outcome: Result<Void, E> = .success(())
        text.withUTF8 { utf8 in
            do throws(E) { try forEachTerm(utf8: UnsafeRawBufferPointer(utf8), body) } catch { outcome = .failure(error) }
        }
        try outcome.get()
    }

    /// ASCII classes: 0 separates, 1 is kept as is (a–z, 0–9), 2 is an upper-case letter.
    private static let asciiClass: [UInt8] = (0..<128).map { c in
        switch UInt8(c) {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): 1
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): 2
        default: 0
        }
    }

    /// The tokenizer proper, over valid UTF-8 (a truncated or invalid
    /// sequence, which a Swift string never holds, separates terms).
    func forEachTerm<E: Error>(utf8 input: UnsafeRawBufferPointer,
                               _ body: (UnsafeRawBufferPointer) throws(E) -> Void) throws(E) {
        let n = input.count
        // The current term is either the untouched input slice start..<i
        // (`borrowed`: lower-case ASCII so far) or the bytes in `buffer`.
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: Self.maxTermBytes + 16)
        defer { buffer.deallocate() }
        var length = 0  // bytes in `buffer`
        var inTerm = false, borrowed = false
        var start = 0
        var i = 0

        func flush(_ end: Int) throws(E) {
            guard inTerm else { return }
            if borrowed {
                try body(UnsafeRawBufferPointer(rebasing: input[start..<end]))
            } else {
                try body(UnsafeRawBufferPointer(start: buffer, count: length))
                length = 0
            }
            inTerm = false
        }
        /// Makes room for `count` more bytes: starts a term, or ends the current one
        /// when it would grow past the limit; leaves the term in `buffer` unless `borrow`.
        func prepare(_ count: Int, at position: Int, borrow: Bool) throws(E) {
            if inTerm {
                let current = borrowed ? position - start : length
                if current + count > Self.maxTermBytes { try flush(position) }
            }
            if !inTerm {
                inTerm = true
                borrowed = borrow
                start = position
            } else if borrowed && !borrow {
                for j in start..<position { append(input[j]) }
                borrowed = false
            }
        }

        func append(_ byte: UInt8) {
            buffer[length] = byte
            length += 1
        }

        let classes = Self.asciiClass
        while i < n {
            let c = input[i]
            if c < 0x80 {
                switch classes[Int(c)] {
                case 0:
                    try flush(i)
                case 1:
                    try prepare(1, at: i, borrow: true)
                    if !borrowed { append(c) }
                default:
                    try prepare(1, at: i, borrow: false)
                    append(c | 0x20)
                }
                i += 1
                continue
            }
            let width = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4
            guard c >= 0xC0, i + width <= n else {
                try flush(i)
                i += 1
                continue
            }
            var value = UInt32(c) & (width == 2 ? 0x1F : width == 3 ? 0x0F : 0x07)
            for j in 1..<width { value = value << 6 | UInt32(input[i + j] & 0x3F) }
            guard let scalar = Unicode.Scalar(value), Self.isWordCharacter(scalar, continuing: inTerm) else {
                try flush(i)
                i += width
                continue
            }
            if scalar.properties.isIdeographic || (0x3040...0x309F).contains(value) {
                try flush(i)
                try body(UnsafeRawBufferPointer(rebasing: input[i..<(i + width)]))
                i += width
                continue
            }
            if scalar.properties.changesWhenLowercased {
                let lower = scalar.properties.lowercaseMapping.utf8
                try prepare(lower.count, at: i, borrow: false)
                for byte in lower { append(byte) }
            } else {
                try prepare(width, at: i, borrow: false)
                for j in i..<(i + width) { append(input[j]) }
            }
            i += width
        }
        try flush(n)
    }

    /// Letters, numbers, and marks inside a term (rule 2).
    static func isWordCharacter(_ scalar: Unicode.Scalar, continuing: Bool) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber:
            return true
        case .nonspacingMark, .spacingMark, .enclosingMark:
            return continuing
        default:
            return false
        }
    }
}
