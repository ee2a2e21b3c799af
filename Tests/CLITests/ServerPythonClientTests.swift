import Foundation
import Testing
import ToonTestSupport

/// The original Python `IpcClient` (the `sochdb` 0.8.3 wheel from PyPI)
/// against the built `toondb-server`: `scripts/ipc_client_check.py` must
/// pass unchanged (`Sources/ToonWire/PROTOCOL.md`).
///
/// The venv lives in `.venv-ipc/` at the package root (git-ignored) and is
/// reused while it holds sochdb 0.8.3; making it needs `python3 -m venv`
/// (Debian: python3-venv) and PyPI.
@Suite struct ServerPythonClientTests {
    static let sochdbVersion = "0.8.3"

    static var root: URL { CLI.repositoryRoot }
    static var venv: String { root.appendingPathComponent(".venv-ipc").path }
    static var python: String { venv + "/bin/python" }

    /// Makes the venv when missing or stale; returns its python.
    static func ensureVenv() throws -> String {
        let probe = "import importlib.metadata as m, sys; sys.exit(m.version('sochdb') != '\(sochdbVersion)')"
        if FileManager.default.isExecutableFile(atPath: python),
           (try? RawProcess.run(python, ["-c", probe]))?.status == 0 {
            return python
        }
        let python3 = try #require(RawProcess.which("python3"), "python3 is needed for the IPC client test (apt-get install python3 python3-venv)")
        try? FileManager.default.removeItem(atPath: venv)
        let made = try RawProcess.run(python3, ["-m", "venv", venv])
        try #require(made.status == 0, "python3 -m venv failed (install python3-venv): \(made.stderrText)")
        let pip = try RawProcess.run(venv + "/bin/pip", ["install", "--disable-pip-version-check", "-q", "sochdb==\(sochdbVersion)"])
        try #require(pip.status == 0, "pip install sochdb==\(sochdbVersion) failed: \(pip.stderrText)")
        return python
    }

    @Test func originalPythonClientPassesTheCheckScript() throws {
        let python = try Self.ensureVenv()
        let dir = TemporaryDirectory("toondb-pyclient")
        let db = dir.file("db"), socket = dir.file("py.sock")
        let server = try ServerProcess(db: db, socket: socket)
        defer { withExtendedLifetime(server) {} }
        try #require(server.isServing, "toondb-server did not create \(socket)")

        let script = Self.root.appendingPathComponent("scripts/ipc_client_check.py").path
        let r = try RawProcess.run(python, [script, socket])
        #expect(r.status == 0, "ipc_client_check.py failed:\n\(r.stdoutText)\(r.stderrText)")
        #expect(r.stdoutText.contains(" passed, 0 failed"), "\(r.stdoutText)")

        let stop = try Binaries.run("toondb-server", ["stop", "--db", db])
        #expect(stop.status == 0, "\(stop.stderr)")
    }
}
