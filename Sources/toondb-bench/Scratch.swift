import Foundation

/// The directory the benchmark writes its databases in: the one given with
/// `--dir`, kept afterwards, or a fresh temporary one removed afterwards.
struct Scratch {
    let root: String
    private let removeWhenDone: Bool

    init(dir: String?) throws {
        if let dir {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            root = dir
            removeWhenDone = false
        } else {
            let pattern = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("toondb-bench-XXXXXX")
            var template = Array(pattern.path.utf8CString)
            guard let made = mkdtemp(&template) else { throw BenchError("cannot create a temporary directory") }
            root = String(cString: made)
            removeWhenDone = true
        }
    }

    /// The path of `name` inside the root, emptied: removed if present, then created.
    func fresh(_ name: String) throws -> String {
        let path = root + "/" + name
        if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Removes the root when it is a temporary directory.
    func finish() {
        if removeWhenDone { try? FileManager.default.removeItem(atPath: root) }
    }

    /// The sum of the sizes of the regular files in `path`, recursively.
    static func bytes(in path: String) throws -> Int {
        let fm = FileManager.default
        var total = 0
        for name in try fm.subpathsOfDirectory(atPath: path) {
            let attributes = try fm.attributesOfItem(atPath: path + "/" + name)
            if attributes[.type] as? FileAttributeType == .typeRegular {
                total += (attributes[.size] as? NSNumber)?.intValue ?? 0
            }
        }
        return total
    }
}

/// A benchmark failure with its message.
struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
