import Foundation

/// Plain-text reports of runner results.
package enum SLTReport {
    /// A table: file, run, passed, failed, skipped, pass %, seconds, and a note column.
    package static func table(_ results: [FileResult], displayName: (String) -> String = { $0 },
                             notes: [String: String] = [:]) -> String {
        let header = ["file", "run", "passed", "failed", "skipped", "pass %", "secs", "note"]
        var rows: [[String]] = []
        var total = FileResult(path: "total")
        for r in results {
            total.run += r.run; total.passed += r.passed; total.failed += r.failed; total.skipped += r.skipped
            total.seconds += r.seconds
            var note: [String] = []
            if let e = r.error { note.append(e) }
            if let extra = notes[r.path] { note.append(extra) } else if r.truncated { note.append("first records only") }
            rows.append(row(r, name: displayName(r.path), note: note.joined(separator: "; ")))
        }
        rows.append(row(total, name: "total (\(results.count) files)", note: ""))
        var widths = header.map(\.count)
        for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], c.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in
                let pad = String(repeating: " ", count: widths[i] - c.count)
                return i == 0 || i == cells.count - 1 ? c + pad : pad + c
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        var out = [line(header), line(widths.map { String(repeating: "-", count: $0) })]
        out += rows.dropLast().map(line)
        out.append(line(widths.map { String(repeating: "-", count: $0) }))
        out.append(line(rows.last!))
        return out.joined(separator: "\n")
    }

    private static func row(_ r: FileResult, name: String, note: String) -> [String] {
        [name, String(r.run), String(r.passed), String(r.failed), String(r.skipped),
         String(format: "%.1f", r.passPercent), String(format: "%.1f", r.seconds), note]
    }

    /// The failures a result kept, one block each.
    package static func failures(_ r: FileResult, displayName: String? = nil) -> String {
        var out: [String] = []
        for f in r.failures {
            out.append("--- \(displayName ?? r.path):\(f.line): \(f.message)")
            out.append(indent(f.sql, "    sql: "))
            if !f.expected.isEmpty { out.append(indent(f.expected, "    expected: ")) }
            if !f.got.isEmpty { out.append(indent(f.got, "    got: ")) }
        }
        if r.failed > r.failures.count { out.append("    (\(r.failed - r.failures.count) more failures not shown)") }
        return out.joined(separator: "\n")
    }

    private static func indent(_ text: String, _ first: String) -> String {
        let pad = String(repeating: " ", count: first.count)
        return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .map { ($0.offset == 0 ? first : pad) + $0.element }.joined(separator: "\n")
    }

    /// One line of JSON for a result (used between `toondb-slt --json` and the tests).
    package static func json(_ r: FileResult) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(r), as: UTF8.self)) ?? "{}"
    }

    /// Decodes a line written by `json(_:)`.
    package static func decode(_ line: some StringProtocol) -> FileResult? {
        try? JSONDecoder().decode(FileResult.self, from: Data(line.utf8))
    }
}
