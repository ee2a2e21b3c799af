import ToonDB

extension DataSource {
    /// The stats pane's lines: the database's figures, its collections, and
    /// what this process did since it opened it (a read error is one line).
    func statsLines() -> [(String, String)] {
        do {
            let s = try stats()
            let perLevel: Set = ["segmentFilesPerLevel", "segmentBytesPerLevel"]  // shown level by level below
            var lines: [(String, String)] = [("the database", "")]
            lines += s.fields.filter { !DatabaseStats.sinceOpenFields.contains($0.0) && !perLevel.contains($0.0) }
            for (level, files) in s.segmentFilesPerLevel.enumerated() where files > 0 {
                let bytes = level < s.segmentBytesPerLevel.count ? s.segmentBytesPerLevel[level] : 0
                lines.append(("level \(level)", "\(files) segment file\(files == 1 ? "" : "s"), \(bytes) bytes"))
            }
            if !s.backend.isEmpty {
                lines.append(("where it is", ""))
                lines += s.backend
            }
            for ns in try namespaces() {
                for c in try collections(in: ns.name) {
                    let n = (try? documentCount(namespace: ns.name, collection: c.name)) ?? 0
                    let quantized = c.quantization == .none ? "" : " (\(c.quantization.rawValue))"
                    let index = (try? collectionStats(namespace: ns.name, collection: c.name)).map {
                        ", graph \($0.graphBytes) bytes, \($0.tombstones) tombstone\($0.tombstones == 1 ? "" : "s")"
                    } ?? ""
                    lines.append(("\(ns.name)/\(c.name)", "\(n) documents, \(c.dimension) dims, " +
                                  "\(c.quantization.vectorBytes(dimension: c.dimension)) bytes/vector\(quantized)" + index +
                                  (c.enableHybridSearch ? ", BM25" : "")))
                }
            }
            lines.append(("this process, since it opened the database", ""))
            lines += s.fields.filter { DatabaseStats.sinceOpenFields.contains($0.0) }
            return lines
        } catch {
            return [("error", "\(error)")]
        }
    }
}
