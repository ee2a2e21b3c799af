import Foundation

/// One round of `toondb-bench crash`: runs the writer until it has been
/// writing for the given time, then SIGKILLs it.
enum CrashRound {
    /// Runs the writer on `database` and returns what it printed (its
    /// acknowledgements) once it has been killed.
    static func run(writer: String, database: String, seed: UInt64, mode: String, memtableBytes: Int,
                    milliseconds: Int) throws -> String {
        let log = database + ".out"
        FileManager.default.createFile(atPath: log, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: log) }
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        defer { try? output.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: writer)
        process.arguments = [database, String(seed), mode, String(memtableBytes), "mixed"]
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Kill only after the writer has opened the database and started writing.
        let deadline = ContinuousClock.now + .seconds(60)
        while process.isRunning, !(readText(log).contains("READY\n")), ContinuousClock.now < deadline {
            usleep(1000)
        }
        usleep(UInt32(milliseconds) * 1000)
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        let text = readText(log)
        if process.terminationReason == .exit {
            throw BenchError("the writer stopped by itself (status \(process.terminationStatus)) before it was killed")
        }
        return text
    }

    private static func readText(_ path: String) -> String {
        String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
    }
}
