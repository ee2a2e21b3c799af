import Foundation
import Testing
import ToonTestSupport

/// `make install` (scripts/install.sh) puts binaries, man pages and themes
/// under PREFIX, and `man toondb` then finds the page.
@Suite struct ShellInstallTests {
    @Test func installsBinariesManPagesAndThemes() throws {
        let prefix = TemporaryDirectory("toondb-install")
        let script = CLI.repositoryRoot.appendingPathComponent("scripts/install.sh").path
        let r = try RawProcess.run("/bin/bash", [script], environment: [
            "PREFIX": prefix.path, "TOONDB_BIN_DIR": Binaries.productsDirectory.path])
        #expect(r.status == 0, "\(r.stdoutText)\(r.stderrText)")
        for binary in ["toondb", "toondb-server", "toondb-bulk"] {
            #expect(FileManager.default.isExecutableFile(atPath: prefix.file("bin/" + binary)), "\(binary) not installed")
        }
        #expect(!FileManager.default.fileExists(atPath: prefix.file("bin/toondb-bench")))
        let pages = try FileManager.default.contentsOfDirectory(atPath: CLI.repositoryRoot.appendingPathComponent("Man").path)
        for page in pages where page.first != "." {
            let section = page.split(separator: ".").last!
            #expect(FileManager.default.fileExists(atPath: prefix.file("share/man/man\(section)/\(page)")), "\(page) not installed")
        }
        let themes = (try? FileManager.default.contentsOfDirectory(atPath: CLI.repositoryRoot.appendingPathComponent("Themes").path)) ?? []
        for theme in themes where theme.hasSuffix(".toml") {
            #expect(FileManager.default.fileExists(atPath: prefix.file("share/toondb/themes/" + theme)))
        }
        let version = try RawProcess.run(prefix.file("bin/toondb"), ["--version"])
        #expect(version.status == 0)
        if let man = RawProcess.which("man") {
            let page = try RawProcess.run(man, ["-M", prefix.file("share/man"), "-P", "cat", "toondb"],
                                          environment: ["MANPAGER": "cat", "PAGER": "cat", "MANWIDTH": "100"])
            #expect(page.status == 0, "\(page.stderrText)")
            #expect(page.stdoutText.contains("DOT-COMMANDS"), "man -M PREFIX/share/man toondb did not show the page")
        }
    }
}
