/// The formats a result set can be printed in (toondb(1), OUTPUT MODES).
public enum ResultFormat: String, Sendable, CaseIterable {
    /// Aligned columns under a header and a rule of dashes; NULL shown as `NULL`.
    case table
    /// Columns in a box drawn with Unicode line characters; numbers right-aligned.
    case box
    /// A JSON array of objects, one per row, keys in column order.
    case json
    /// One JSON object per line (JSON Lines).
    case jsonl
    /// RFC 4180 CSV with a header row and CRLF line ends; NULL is an empty field.
    case csv
    /// Official TOON (spec v4.0): a tabular array `name[N]{a,b}:` with one row per line.
    case toon
    /// The original's compact one-line TOON: `name[N]{a,b}:1,x;2,y` (see ``ToonCompact``).
    case compact
    /// One `column = value` line per column, records separated by a blank line.
    case line
    /// Tab-separated values with a header line; tabs, line breaks and backslashes in a field escaped (`\t`, `\n`, `\\`).
    case tsv
    /// A Markdown (GFM) table; `|` in a cell escaped, line breaks as `<br>`.
    case markdown
    /// One SQL `INSERT INTO "name" (…) VALUES (…);` statement per row.
    case insert
}
