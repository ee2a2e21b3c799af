import ToonDB
import ToonFormat

/// The stats pane: the database's figures and this process's counters since
/// it opened the database, refreshed each second. Values wrap at spaces
/// rather than being cut; a heading is a line without a value.
enum StatsPane {
    /// Narrower columns hold a label and its value badly: below twice this
    /// the pane keeps to one column and scrolls.
    static let minimumColumnWidth = 40

    static func render(_ state: AppState, into screen: inout Screen, _ r: Rect) {
        let all = state.stats.lines
        if all.isEmpty { screen.put(r.x, r.y, "loading…", .dim); return }
        let height = max(1, r.height)
        let columns = all.count > height && r.width >= 2 * minimumColumnWidth ? 2 : 1
        let colWidth = r.width / columns
        let labelWidth = min(colWidth / 2, (all.filter { !$0.1.isEmpty }.map { DisplayWidth.of($0.0) }.max() ?? 0) + 2)
        let valueWidth = max(1, colWidth - labelWidth - 1)
        let rows: [(label: String, value: String, heading: Bool)] = all.flatMap { label, value in
            value.isEmpty ? [(label, "", true)]
                : WordWrap.lines(value, width: valueWidth).enumerated().map { ($0.offset == 0 ? label : "", $0.element, false) }
        }
        let shown = height * columns
        let first = min(state.stats.scroll, max(0, rows.count - shown))
        for (i, row) in rows.dropFirst(first).prefix(shown).enumerated() {
            let x = r.x + (i / height) * colWidth, y = r.y + i % height
            if row.heading {
                screen.put(x, y, row.label, .statusInfo, limit: colWidth - 1)
                continue
            }
            screen.put(x, y, DisplayWidth.truncate(row.label, to: labelWidth - 1), .statsLabel, limit: labelWidth)
            screen.put(x + labelWidth, y, row.value, .statsValue, limit: valueWidth)
        }
    }
}
