import ToonCore
import Foundation

/// The documents and queries of `toondb-bench text`: either read from a
/// directory that `../shared/bench/text.py` wrote (corpus.jsonl with
/// {"id", "text"} per line, queries.txt with one query a line), or generated
/// here alike: documents of 50–200 words drawn Zipf(1.1) from a vocabulary
/// `w0 … w29999`, queries of 2–4 words.
struct TextWorkload {
    /// Document names (as text.py's "d17"), index = document id.
    var names: [String]
    var texts: [String]
    var queries: [String]

    /// Reads text.py's files from `dir`.
    static func load(_ dir: String) throws -> TextWorkload {
        let corpus = try String(contentsOfFile: dir + "/corpus.jsonl", encoding: .utf8)
        var w = TextWorkload(names: [], texts: [], queries: [])
        for line in corpus.split(separator: "\n") where !line.isEmpty {
            guard let row = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let id = row["id"] as? String, let text = row["text"] as? String else {
                throw BenchError("\(dir)/corpus.jsonl: a line is not {\"id\": …, \"text\": …}")
            }
            w.names.append(id)
            w.texts.append(text)
        }
        w.queries = try String(contentsOfFile: dir + "/queries.txt", encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if w.queries.last == "" { w.queries.removeLast() }
        return w
    }

    /// Generates `documents` documents and `queryCount` queries from `seed`.
    static func generate(documents: Int, queries queryCount: Int, vocabulary: Int, seed: UInt64) -> TextWorkload {
        var rng = SplitMix64(seed: seed)
        // Cumulative Zipf(1.1) weights, sampled by binary search.
        var cumulative = [Double](repeating: 0, count: vocabulary)
        var sum = 0.0
        for r in 0..<vocabulary {
            sum += 1 / pow(Double(r + 1), 1.1)
            cumulative[r] = sum
        }
        func word() -> Int {
            let x = rng.unit() * sum
            var lo = 0, hi = vocabulary - 1
            while lo < hi {
                let mid = (lo + hi) / 2
                if cumulative[mid] < x { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }
        var w = TextWorkload(names: [], texts: [], queries: [])
        for i in 0..<documents {
            w.names.append("d\(i)")
            w.texts.append((0..<(50 + Int(rng.next() % 151))).map { _ in "w\(word())" }.joined(separator: " "))
        }
        for _ in 0..<queryCount {
            w.queries.append((0..<(2 + Int(rng.next() % 3))).map { _ in "w\(min(vocabulary - 1, Int(3 / pow(1 - rng.unit(), 1 / 0.6))))" }
                .joined(separator: " "))
        }
        return w
    }
}

