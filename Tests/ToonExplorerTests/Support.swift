import Foundation
import ToonDB
import ToonTestSupport
@testable import ToonExplorer

/// The checkout's root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A demo database in a temporary directory, open, with an explorer over it.
final class DemoFixture: @unchecked Sendable {
    let dir = TemporaryDirectory("toondb-explorer")
    let database: Database
    let explorer: Explorer

    init(readOnly: Bool = false) throws {
        database = try Database.open(dir.file("demo"))
        try DemoDatabase.populate(database)
        explorer = Explorer(source: EmbeddedDataSource(database, readOnly: readOnly))
    }

    deinit { try? database.close() }

    func screen(_ w: Int = 120, _ h: Int = 40) -> Screen { explorer.renderScreen(width: w, height: h) }

    func keys(_ keys: Key...) { for k in keys { explorer.handle(.key(k)) } }

    func type(_ text: String) { for c in text { explorer.handle(.key(.char(c))) } }
}

/// Writes an executable shell script `name` into `dir` and returns its path.
@discardableResult
func script(_ dir: TemporaryDirectory, _ name: String, _ body: String) -> String {
    let path = dir.file(name)
    FileManager.default.createFile(atPath: path, contents: Data(("#!/bin/sh\n" + body + "\n").utf8),
                                   attributes: [.posixPermissions: 0o755])
    return path
}

extension DemoFixture {
    /// Runs a result through a runner that returns `output`, and waits for it.
    func show(_ output: CommandOutput) {
        explorer.runner = { _ in output }
        explorer.focus(.query)
        explorer.startQuery("synthetic")
        explorer.waitForQuery(timeout: 60)
    }
}
