import ToonDB
import ToonFormat

/// Laying out prose and figures in narrow panes without cutting a word in
/// two: text breaks at spaces only, and what cannot fit is left out whole.
enum WordWrap {
    /// `text` in lines of at most `width` columns (display width), broken at
    /// spaces; a word wider than a whole line is the only thing ever cut
    /// (with "…").
    static func lines(_ text: String, width: Int) -> [String] {
        let width = max(1, width)
        var out: [String] = []
        var line = ""
        for word in text.split(separator: " ").map(String.init) {
            let piece = DisplayWidth.of(word) > width ? DisplayWidth.truncate(word, to: width) : word
            if line.isEmpty {
                line = piece
            } else if DisplayWidth.of(line) + 1 + DisplayWidth.of(piece) <= width {
                line += " " + piece
            } else {
                out.append(line)
                line = piece
            }
        }
        if !line.isEmpty || out.isEmpty { out.append(line) }
        return out
    }

    /// The leading `parts` that fit in `width` columns joined by `separator`
    /// (a status line drops its last parts rather than cut one).
    static func fit(_ parts: [String], separator: String, width: Int) -> String {
        var line = ""
        for part in parts {
            let next = line.isEmpty ? part : line + separator + part
            if DisplayWidth.of(next) > width { break }
            line = next
        }
        return line.isEmpty ? DisplayWidth.truncate(parts.first ?? "", to: width) : line
    }
}
