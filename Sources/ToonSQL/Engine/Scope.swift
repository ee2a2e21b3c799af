import ToonCore

/// The names visible to an expression: the sources of the FROM clause being
/// bound (their columns laid side by side in one row), then enclosing scopes.
final class Scope {
    struct Source {
        /// The name a column may be qualified with (alias or table name), lowercased.
        var name: String
        var columns: [String]
        var affinities: [Affinity?]
        var collations: [Collation]
        /// Where the source's first column sits in the combined row.
        var offset: Int
        /// The slot holding the rowid, for tables.
        var rowidSlot: Int?
        /// The slot count, rowid included.
        var width: Int
    }

    var sources: [Source] = []
    let parent: Scope?
    /// Set when an expression bound here (or in a scope inside) reads an enclosing scope.
    var correlated = false
    /// Result-column aliases, usable by name in WHERE, GROUP BY, HAVING and ORDER BY.
    var aliases: [String: Expr] = [:]

    init(parent: Scope?) { self.parent = parent }

    var width: Int { sources.last.map { $0.offset + $0.width } ?? 0 }

    /// Adds a source and returns its index.
    @discardableResult
    func add(name: String, columns: [String], affinities: [Affinity?], collations: [Collation], hasRowid: Bool) -> Int {
        let offset = width
        sources.append(Source(name: name.lowercased(), columns: columns, affinities: affinities, collations: collations,
                              offset: offset, rowidSlot: hasRowid ? offset + columns.count : nil,
                              width: columns.count + (hasRowid ? 1 : 0)))
        return sources.count - 1
    }

    /// The source that owns a slot of the combined row.
    func sourceIndex(ofSlot slot: Int) -> Int {
        sources.lastIndex { $0.offset <= slot } ?? 0
    }

    struct Resolved {
        var depth: Int
        var slot: Int
        var affinity: Affinity?
        var collation: Collation
    }

    /// Resolves `table.name` or `name`, searching enclosing scopes; marks the
    /// scopes crossed as correlated.
    func resolve(table: String?, name: String, position: SourcePosition) throws -> Resolved? {
        var scope: Scope? = self
        var depth = 0
        var crossed: [Scope] = []
        while let s = scope {
            if let r = try s.resolveLocally(table: table, name: name, position: position) {
                for c in crossed { c.correlated = true }
                return Resolved(depth: depth, slot: r.slot, affinity: r.affinity, collation: r.collation)
            }
            crossed.append(s)
            scope = s.parent
            depth += 1
        }
        return nil
    }

    private func resolveLocally(table: String?, name: String, position: SourcePosition) throws -> Resolved? {
        let n = name.lowercased()
        var found: Resolved?
        for s in sources {
            if let table, s.name != table.lowercased() { continue }
            if let i = s.columns.firstIndex(where: { $0.lowercased() == n }) {
                if found != nil {
                    let full = table.map { "\($0).\(name)" } ?? name
                    throw ToonDBError(.sqlSemantic, "ambiguous column name: \(full) at \(position)")
                }
                found = Resolved(depth: 0, slot: s.offset + i, affinity: s.affinities[i], collation: s.collations[i])
            } else if let r = s.rowidSlot, ["rowid", "oid", "_rowid_"].contains(n) {
                if found == nil { found = Resolved(depth: 0, slot: r, affinity: .integer, collation: .binary) }
            }
        }
        return found
    }
}
