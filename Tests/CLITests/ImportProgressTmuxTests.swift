import Foundation
import Testing
import ToonTestSupport

/// `toondb import` on a terminal draws its progress bars: the checking pass
/// and the writing pass, each with the bytes read of the file's size, the
/// records and both rates.
@Suite(.serialized, .enabled(if: RequiredTool.tmux.testsRun, RequiredTool.tmux.skipReason))
struct ImportProgressTmuxTests {
    @Test func aFileImportShowsBothPassesWithBytesAndRates() throws {
        try withDatabase { db in
            let file = (db as NSString).deletingLastPathComponent + "/rows.jsonl"
            let text = (0..<20_000).map { #"{"key":"k\#($0)","value":"v\#($0)"}"# + "\n" }.joined()
            try text.write(toFile: file, atomically: true, encoding: .utf8)
            let megabytes = String(format: "%.1f", Double(text.utf8.count) / 1_000_000)
            let t = try TmuxSession(["import", "--create", db, file, "--into", "kv"], width: 150, height: 10, showExitStatus: true)
            let screen = try t.waitFor("exit status 0", timeout: 60)
            let lines = screen.split(separator: "\n").map(String.init)
            let checking = try #require(lines.first { $0.hasPrefix("checking [") }, "\(screen)")
            let writing = try #require(lines.first { $0.hasPrefix("import [") }, "\(screen)")
            for line in [checking, writing] {
                #expect(line.contains("100% \(megabytes)/\(megabytes) MB"), "\(line)")
                #expect(line.contains("20000 records") && line.contains(" rec/s") && line.contains(" MB/s"), "\(line)")
            }
        }
    }

    @Test func standardInputShowsRecordsBytesAndRates() throws {
        try withDatabase { db in
            let file = (db as NSString).deletingLastPathComponent + "/rows.jsonl"
            try (0..<5_000).map { #"{"key":"k\#($0)","value":"v"}"# + "\n" }.joined().write(toFile: file, atomically: true, encoding: .utf8)
            // tmux runs the command through a shell, so standard input can come from the file.
            let t = try TmuxSession(["import", "--create", db, "-", "--format", "jsonl", "--into", "kv"], width: 150, height: 10,
                                    showExitStatus: true, standardInput: file)
            let screen = try t.waitFor("exit status 0", timeout: 60)
            let line = try #require(screen.split(separator: "\n").first { $0.hasPrefix("import 5000 records") }, "\(screen)")
            #expect(line.contains(" MB ") && line.contains(" rec/s") && line.contains(" MB/s") && !line.contains("["), "\(line)")
        }
    }
}
