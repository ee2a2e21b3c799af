import ToonDB

/// Splits a dot-command line into words: at spaces, except inside single or
/// double quotes (removed; a backslash in double quotes escapes the next
/// character) and inside balanced `[…]` or `{…}` (kept, so JSON arguments
/// need no quotes).
package enum ArgumentTokenizer {
    /// The words of `line`. With `restAfter: n`, everything after the n-th
    /// word is one final word, taken as it is (unquoted when it is exactly one
    /// quoted word). An unterminated quote or bracket is an error.
    package static func split(_ line: String, restAfter: Int? = nil) throws -> [String] {
        var words: [String] = []
        let chars = Array(line)
        var i = 0
        while i < chars.count {
            while i < chars.count, chars[i].isWhitespace { i += 1 }
            guard i < chars.count else { break }
            if let n = restAfter, words.count == n {
                let rest = String(chars[i...]).trimmingTrailingWhitespace()
                let inner = try? split(rest)
                if let inner, inner.count == 1, let q = rest.first, q == "\"" || q == "'" {
                    words.append(inner[0])
                } else {
                    words.append(rest)
                }
                return words
            }
            var word = ""
            var depth = 0
            while i < chars.count, depth > 0 || !chars[i].isWhitespace {
                let c = chars[i]
                if c == "\"" || c == "'" {
                    let keep = depth > 0
                    if keep { word.append(c) }
                    i += 1
                    var closed = false
                    while i < chars.count {
                        if chars[i] == c { closed = true; break }
                        if chars[i] == "\\", c == "\"", i + 1 < chars.count {
                            if keep { word.append(chars[i]) }
                            i += 1
                        }
                        word.append(chars[i])
                        i += 1
                    }
                    guard closed else {
                        throw ToonDBError(.invalidArgument, "unterminated \(c) quote in \(line.debugDescription)",
                                          remediation: "close the quote")
                    }
                    if keep { word.append(c) }
                    i += 1
                    continue
                }
                if c == "[" || c == "{" { depth += 1 }
                if (c == "]" || c == "}") && depth > 0 { depth -= 1 }
                word.append(c)
                i += 1
            }
            if depth > 0 {
                throw ToonDBError(.invalidArgument, "unbalanced bracket in \(line.debugDescription)",
                                  remediation: "close every [ and { of the JSON argument")
            }
            words.append(word)
        }
        return words
    }
}

extension String {
    func trimmingTrailingWhitespace() -> String {
        var s = Substring(self)
        while let last = s.last, last.isWhitespace { s = s.dropLast() }
        return String(s)
    }

    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let first = s.first, first.isWhitespace { s = s.dropFirst() }
        while let last = s.last, last.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}

/// The words of a command split into positional arguments and `--name value` options.
struct ParsedArguments {
    var positional: [String] = []
    var options: [String: String] = [:]
    var flags: Set<String> = []

    /// Splits `words`; `valued` names the options that take a value, `switches` those that do not.
    init(_ words: [String], command: String, valued: Set<String>, switches: Set<String> = []) throws {
        var i = 0
        while i < words.count {
            let w = words[i]
            if w.hasPrefix("--"), w.count > 2 {
                let name = String(w.dropFirst(2))
                if switches.contains(name) { flags.insert(name); i += 1; continue }
                guard valued.contains(name) else {
                    let known = (valued.union(switches)).sorted().map { "--" + $0 }.joined(separator: ", ")
                    throw ToonDBError(.invalidArgument, "\(command) has no option \(w)",
                                      remediation: known.isEmpty ? "see .help \(command)" : "its options are \(known)")
                }
                guard i + 1 < words.count else {
                    throw ToonDBError(.invalidArgument, "\(command): \(w) needs a value", remediation: "see .help \(command)")
                }
                options[name] = words[i + 1]
                i += 2
                continue
            }
            positional.append(w)
            i += 1
        }
    }

    func int(_ name: String, default value: Int, command: String, range: ClosedRange<Int>) throws -> Int {
        guard let text = options[name] else { return value }
        guard let n = Int(text), range.contains(n) else {
            throw ToonDBError(.invalidArgument, "\(command): --\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), not \(text.debugDescription)")
        }
        return n
    }
}
