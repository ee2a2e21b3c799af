import Foundation
import Testing
import ToonCommands
import ToonDB
import ToonTestSupport
@testable import ToonConsole

@Suite(.serialized) struct ConsoleTests {
    @Test func readlineCompletionGoesThroughTheProvider() {
        _ = LineReader(history: []) { word, prefix in
            Completer.sqlKeywords.filter { $0.hasPrefix(word) } + CommandRegistry.names.filter { prefix.isEmpty && $0.hasPrefix(word) }
        }
        let matches = LineReader.readlineMatches(".sc")
        #expect(matches.first == ".sc" && matches.dropFirst().sorted() == [".scan", ".schema"])
        #expect(LineReader.readlineMatches("SELE") == ["SELECT"])
        #expect(LineReader.readlineMatches("zzz") == [])
    }

    @Test func batchModeReadsAFileDescriptor() throws {
        let dir = TemporaryDirectory("console")
        let db = try Database.open(dir.file("db"))
        defer { try? db.close() }
        nonisolated(unsafe) var output = ""
        let session = CommandSession(source: EmbeddedDataSource(db), standardOutput: { output += $0 })
        let console = Console(session: session, history: nil)
        let input = dir.file("in.sql")
        try "SELECT 1 AS a;\nSELECT\n  2 AS b;\n.quit\nSELECT 3;\n".write(toFile: input, atomically: true, encoding: .utf8)
        let fd = open(input, O_RDONLY)
        defer { close(fd) }
        #expect(console.runBatch(fd: fd) == 0)
        #expect(output == "a\n-\n1\nb\n-\n2\n")
    }
}
