import ToonDB

/// `.tables`, `.schema`, `.namespaces`, `.collections`, `.stats`.
extension CommandSession {
    func tables() throws {
        let names = try source.sqlSchema().filter { $0.kind == .table || $0.kind == .view }.map(\.name)
        emit(ResultSet(columns: ["name"], rows: names.map { [.string($0)] }, name: "tables"))
    }

    func schema(_ table: String?) throws {
        var entries = try source.sqlSchema()
        if let table {
            entries = entries.filter { $0.name.lowercased() == table.lowercased() || $0.table.lowercased() == table.lowercased() }
            if entries.isEmpty {
                throw ToonDBError(.notFound, "no table or view named \(table.debugDescription)", remediation: ".tables lists them")
            }
        }
        write(entries.map { $0.sql + ";\n" }.joined())
    }

    func namespaces() throws {
        let list = try source.namespaces()
        emit(ResultSet(columns: ["name", "display_name"], rows: list.map { [.string($0.name), .string($0.displayName)] },
                       name: "namespaces"))
    }

    func collections(_ namespace: String?) throws {
        let spaces = try namespace.map { [$0] } ?? source.namespaces().map(\.name)
        var rows: [[Value]] = []
        for ns in spaces {
            for c in try source.collections(in: ns) {
                let count = try source.documentCount(namespace: ns, collection: c.name)
                rows.append([.string(ns), .string(c.name), .int(Int64(c.dimension)), .string(c.metric.rawValue),
                             .bool(c.enableHybridSearch), .int(Int64(count))])
            }
        }
        emit(ResultSet(columns: ["namespace", "name", "dimension", "metric", "hybrid", "documents"], rows: rows,
                       name: "collections"))
    }

    func stats() throws {
        let s = try source.stats()
        emit(ResultSet(columns: ["name", "value"], rows: s.fields.map { [.string($0.0), .string($0.1)] }, name: "stats"))
    }
}
