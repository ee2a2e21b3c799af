import Foundation

/// Runs any executable with raw bytes as input, returning raw bytes.
public enum RawProcess {
    /// What a finished process wrote and returned.
    public struct Output: Sendable {
        public var status: Int32
        public var stdout: Data
        public var stderr: Data
        public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
        public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
    }

    /// A child that ran past its time and was killed.
    public struct TimedOut: Error, CustomStringConvertible {
        public var command: String
        public var timeout: Duration
        public var description: String { "\(command) did not finish within \(timeout) and was killed (SIGKILL)" }
    }

    /// Runs `executable` to completion, feeding `stdin` and draining both
    /// outputs. A child still running after `timeout` is killed with SIGKILL
    /// and the call throws ``TimedOut``, so a hung child fails its test
    /// instead of holding up the run.
    ///
    /// Foundation's `Process`, not swift-subprocess: the latter's synchronous
    /// use from tests deadlocks on a 2-core machine (its `run` waits for a
    /// task on the cooperative pool, whose threads the waiting tests hold).
    public static func run(_ executable: String, _ arguments: [String], stdin: Data? = nil,
                           environment: [String: String] = [:], timeout: Duration = .seconds(300)) throws -> Output {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        if !environment.isEmpty {
            p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let out = Pipe(), err = Pipe(), input = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = input
        try p.run()
        // Drain both pipes while feeding the input, so no pipe can fill up and block the child.
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async {
            outData = out.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        // Fed from a thread of its own: a child that never reads must not block this one past
        // the timeout. A child that exits unread breaks the pipe: that thread blocks SIGPIPE,
        // so the write fails with EPIPE instead of killing the test process, and the signal
        // left pending dies with the thread.
        let writer = input.fileHandleForWriting
        Thread {
            var pipeSignal = sigset_t()
            sigemptyset(&pipeSignal)
            sigaddset(&pipeSignal, SIGPIPE)
            pthread_sigmask(SIG_BLOCK, &pipeSignal, nil)
            if let stdin { try? writer.write(contentsOf: stdin) }
            try? writer.close()
        }.start()
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        if group.wait(timeout: .now() + seconds) == .timedOut {
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            _ = group.wait(timeout: .now() + 5)   // a grandchild may still hold the pipes
            throw TimedOut(command: ([executable] + arguments).joined(separator: " "), timeout: timeout)
        }
        p.waitUntilExit()
        return Output(status: p.terminationStatus, stdout: outData, stderr: errData)
    }

    /// The full path of a program found in `PATH`, or nil.
    public static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = String(dir) + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
