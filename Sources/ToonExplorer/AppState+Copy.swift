import Foundation
import ToonCommands
import ToonDB

/// What `y` and `Y` copy from the result grid.
package enum CopyScope: Sendable, Equatable {
    /// The row under the cursor.
    case row
    /// Every row of the result.
    case result
}

extension AppState {
    /// The formats `y` and `Y` offer, with the key that picks each.
    package static let copyFormats: [(key: Character, format: ResultFormat, name: String)] = [
        ("t", .tsv, "TSV"), ("c", .csv, "CSV"), ("j", .json, "JSON"), ("l", .jsonl, "JSON Lines"),
        ("m", .markdown, "Markdown"), ("i", .insert, "SQL INSERT"),
    ]

    /// The formats `E` writes, by file extension.
    package static let exportFormats: [(ext: String, format: ResultFormat)] = [
        ("tsv", .tsv), ("csv", .csv), ("json", .json), ("jsonl", .jsonl), ("md", .markdown), ("sql", .insert), ("toon", .toon),
    ]

    /// The name of a format in messages and in the picker.
    static func formatName(_ format: ResultFormat) -> String {
        copyFormats.first { $0.format == format }?.name ?? format.rawValue.uppercased()
    }

    /// `y`/`Y` in the result grid: asks for the format (the picker's Enter takes the last one used).
    mutating func pickCopyFormat(_ scope: CopyScope) {
        guard let out = query.output, !out.columns.isEmpty else {
            say("nothing to copy: run a query first", error: true)
            return
        }
        if scope == .row, !out.rows.indices.contains(query.absoluteRow) {
            say("no row selected", error: true)
            return
        }
        prompt = .copyFormat(scope)
    }

    /// A key on the format picker.
    mutating func copyFormatKey(_ key: Key, _ scope: CopyScope) -> [Effect] {
        prompt = nil
        switch key {
        case .enter: return copyResult(scope, as: copyFormat)
        case .char(let c):
            if let f = Self.copyFormats.first(where: { $0.key == c }) { return copyResult(scope, as: f.format) }
            say("\(c) picks no format: nothing copied", error: true)
        default: say("cancelled")
        }
        return []
    }

    /// Copies the selected row (or the whole result) in `format`, and remembers the format.
    mutating func copyResult(_ scope: CopyScope, as format: ResultFormat) -> [Effect] {
        guard let text = resultText(scope, as: format) else { return [] }
        copyFormat = format
        let count = query.output?.rows.count ?? 0
        let what = scope == .row ? "row \(query.absoluteRow + 1)" : "\(count) row\(count == 1 ? "" : "s")"
        return [.copy(text, what: "\(what) as \(Self.formatName(format))")]
    }

    /// The selected row, or the whole result, as text in `format`. One row
    /// in JSON is the row's object, not an array of one.
    func resultText(_ scope: CopyScope, as format: ResultFormat) -> String? {
        guard let out = query.output, !out.columns.isEmpty else { return nil }
        let name = resultTable() ?? "result"
        switch scope {
        case .result: return ResultSet(columns: out.columns, rows: out.rows, name: name).rendered(as: format)
        case .row:
            let i = query.absoluteRow
            guard out.rows.indices.contains(i) else { return nil }
            let one = ResultSet(columns: out.columns, rows: [out.rows[i]], name: name)
            if format == .json { return String(one.rendered(as: .jsonl).dropLast()) }
            return one.rendered(as: format)
        }
    }

    /// The one table the statement that made the result reads, if it reads
    /// exactly one: the table SQL INSERT statements load.
    func resultTable() -> String? {
        guard let text = query.ranText else { return nil }
        let statement = text.trimmingCharacters(in: CharacterSet.whitespacesAndNewlines.union(CharacterSet(charactersIn: ";")))
        let tables = SQLCompletionContext(before: statement, after: "").tables
        return tables.count == 1 ? tables[0] : nil
    }

    /// `E`: asks for the file, named after the last format used.
    mutating func askExportPath() {
        guard query.output?.columns.isEmpty == false else {
            say("nothing to export: run a query first", error: true)
            return
        }
        let ext = Self.exportFormats.first { $0.format == copyFormat }?.ext ?? "csv"
        prompt = .export(LineEditor("result." + ext))
    }

    /// Writes the result grid to `path` in the format its extension names.
    mutating func export(to path: String) -> [Effect] {
        guard let out = query.output, !out.columns.isEmpty else { return [] }
        let ext = (path as NSString).pathExtension.lowercased()
        guard let format = Self.exportFormats.first(where: { $0.ext == ext })?.format else {
            let known = Self.exportFormats.map(\.ext).joined(separator: ", ")
            say("\(path): the extension picks the format: one of \(known)", error: true)
            return []
        }
        let text = ResultSet(columns: out.columns, rows: out.rows, name: resultTable() ?? "result").rendered(as: format)
        return [.export(path: path, text: text, rows: out.rows.count, format: format)]
    }
}
