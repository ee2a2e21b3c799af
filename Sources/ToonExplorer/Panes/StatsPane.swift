import ToonDB

/// The stats pane: the database's counters and storage layout, refreshed each second.
enum StatsPane {
    static func render(_ state: AppState, into screen: inout Screen, _ r: Rect) {
        let all = state.stats.lines
        let lines = Array(all.dropFirst(min(state.stats.scroll, max(0, all.count - 2 * max(1, r.height)))))
        if all.isEmpty { screen.put(r.x, r.y, "loading…", .dim); return }
        let labelWidth = min(28, (lines.map { DisplayWidth.of($0.0) }.max() ?? 0) + 2)
        let columns = lines.count > r.height ? 2 : 1
        let colWidth = r.width / columns
        for (i, (label, value)) in lines.enumerated() {
            let col = i / max(1, r.height), row = i % max(1, r.height)
            guard col < columns else { break }
            let x = r.x + col * colWidth
            screen.put(x, r.y + row, DisplayWidth.truncate(label, to: labelWidth - 1), .statsLabel, limit: labelWidth)
            screen.put(x + labelWidth, r.y + row, value, .statsValue, limit: colWidth - labelWidth - 1)
        }
    }
}
