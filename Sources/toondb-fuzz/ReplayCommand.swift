#if !TOONDB_LIBFUZZER
import Foundation

/// `toondb-fuzz TARGET PATH...` in an ordinary build: runs every file (and
/// every file of every directory) given through the target, as libFuzzer
/// would, and prints how many; a crash ends it. The corpus under
/// `Tests/FuzzCorpus/TARGET/` is replayed this way by the tests. With
/// `TOONDB_FUZZ_SEEDS` set, a file target's seed files are written there
/// first (``SeedFiles``).
@main
enum ReplayCommand {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name), arguments.count > 1 else {
            let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")
            FileHandle.standardError.write(Data("usage: toondb-fuzz \(names) FILE|DIRECTORY...\n".utf8))
            exit(2)
        }
        SeedFiles.writeIfAsked(target)
        var count = 0
        for path in arguments.dropFirst() {
            for file in files(at: path) {
                guard let data = FileManager.default.contents(atPath: file) else {
                    FileHandle.standardError.write(Data("toondb-fuzz: cannot read \(file)\n".utf8))
                    exit(1)
                }
                target.run([UInt8](data))
                count += 1
            }
        }
        print("\(name): \(count) inputs, no crash")
    }

    /// `path` itself, or the regular files under it in name order.
    static func files(at path: String) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { return [path] }
        let names = (try? FileManager.default.subpathsOfDirectory(atPath: path)) ?? []
        return names.sorted().map { path + "/" + $0 }.filter { file in
            var d: ObjCBool = false
            return FileManager.default.fileExists(atPath: file, isDirectory: &d) && !d.boolValue
        }
    }
}
#endif
