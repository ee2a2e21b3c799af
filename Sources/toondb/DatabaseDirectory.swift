import Foundation

/// What a path holds, as far as opening a database there is concerned
/// (toondb(1), OPENING A DATABASE). Looked at before the engine is asked, so
/// a path that is not a database is refused without a file written into it.
enum DatabaseDirectory: Equatable {
    /// Nothing exists at the path.
    case missing
    /// An empty directory: a place for a new database.
    case empty
    /// A database directory (a MANIFEST, or only the engine's own files,
    /// whose state the engine judges when it opens them).
    case database
    /// A file, not a directory.
    case file
    /// A directory holding other things; the associated text says what.
    case foreign(String)

    /// Looks at `path` without changing anything.
    static func inspect(_ path: String) -> DatabaseDirectory {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return .missing }
        guard isDirectory.boolValue else { return .file }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else {
            return .foreign("entries this user cannot list")
        }
        if names.isEmpty { return .empty }
        if names.contains("MANIFEST") || names.allSatisfy(isEngineFile) { return .database }
        return .foreign(describe(names, in: path))
    }

    /// `LOCK`, `MANIFEST.tmp` and numbered `.log`/`.seg` files (Sources/ToonStorage/FORMAT.md §5).
    private static func isEngineFile(_ name: String) -> Bool {
        if name == "LOCK" || name == "MANIFEST.tmp" { return true }
        guard name.hasSuffix(".log") || name.hasSuffix(".seg") else { return false }
        let stem = name.dropLast(4)
        return !stem.isEmpty && stem.allSatisfy(\.isASCII) && stem.allSatisfy(\.isNumber)
    }

    /// "2 files and 1 directory (notes.txt, src/, x.md)": counts and the first few names.
    private static func describe(_ names: [String], in path: String) -> String {
        let shown = 3
        var files = 0, directories = 0
        let labelled = names.sorted().map { name -> String in
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: path + "/" + name, isDirectory: &isDirectory)
            if isDirectory.boolValue { directories += 1; return name + "/" }
            files += 1
            return name
        }
        var parts: [String] = []
        if files > 0 { parts.append(files == 1 ? "1 file" : "\(files) files") }
        if directories > 0 { parts.append(directories == 1 ? "1 directory" : "\(directories) directories") }
        let list = labelled.prefix(shown).joined(separator: ", ") + (labelled.count > shown ? ", …" : "")
        return parts.joined(separator: " and ") + " (\(list))"
    }
}
