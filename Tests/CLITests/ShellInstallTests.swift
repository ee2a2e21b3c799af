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

    /// `make dist` (scripts/dist.sh) writes toondb-VERSION-OS-MACHINE.tar.gz,
    /// and the install.sh inside the unpacked tarball installs it as from the tree.
    @Test func theReleaseTarballUnpacksAndInstalls() throws {
        let out = TemporaryDirectory("toondb-dist")
        let script = CLI.repositoryRoot.appendingPathComponent("scripts/dist.sh").path
        let dist = try RawProcess.run("/bin/bash", [script], environment: [
            "DIST_DIR": out.path, "TOONDB_BIN_DIR": Binaries.productsDirectory.path])
        #expect(dist.status == 0, "\(dist.stdoutText)\(dist.stderrText)")
        let tarballs = try FileManager.default.contentsOfDirectory(atPath: out.path)
        let tarball = try #require(tarballs.first, "dist.sh wrote nothing")
        #expect(tarball.range(of: #"^toondb-\d+\.\d+\.\d+-[a-z]+-[a-z0-9_]+\.tar\.gz$"#, options: .regularExpression) != nil,
                "\(tarball)")
        let unpacked = TemporaryDirectory("toondb-unpacked")
        let tar = try RawProcess.run("/bin/tar", ["-xzf", out.file(tarball), "-C", unpacked.path])
        #expect(tar.status == 0, "\(tar.stderrText)")
        let top = String(tarball.dropLast(".tar.gz".count))
        for file in ["README.md", "LICENSE", "Man/toondb.1", "scripts/install.sh", "bin/toondb", "bin/toondb-server"] {
            #expect(FileManager.default.fileExists(atPath: unpacked.file("\(top)/\(file)")), "\(file) not in the tarball")
        }
        #expect(!FileManager.default.fileExists(atPath: unpacked.file("\(top)/bin/toondb-bench")))
        let prefix = TemporaryDirectory("toondb-install-dist")
        let install = try RawProcess.run("/bin/bash", [unpacked.file("\(top)/scripts/install.sh")],
                                         environment: ["PREFIX": prefix.path])
        #expect(install.status == 0, "\(install.stdoutText)\(install.stderrText)")
        let version = try RawProcess.run(prefix.file("bin/toondb"), ["--version"])
        #expect(version.status == 0)
        #expect(top.hasPrefix("toondb-" + (version.stdoutText.split(separator: "\n").first.map(String.init) ?? "?") + "-"),
                "the tarball's name \(top) does not carry the version \(version.stdoutText)")
        #expect(FileManager.default.fileExists(atPath: prefix.file("share/man/man1/toondb.1")))
        if let man = RawProcess.which("man") {
            let page = try RawProcess.run(man, ["-M", prefix.file("share/man"), "-P", "cat", "toondb"],
                                          environment: ["MANPAGER": "cat", "PAGER": "cat", "MANWIDTH": "100"])
            #expect(page.status == 0, "\(page.stderrText)")
            #expect(page.stdoutText.contains("DOT-COMMANDS"), "man -M PREFIX/share/man toondb did not show the installed page")
        }
    }
}
