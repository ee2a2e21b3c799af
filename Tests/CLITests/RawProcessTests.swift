import Foundation
import Testing
import ToonTestSupport

/// The tests' process runner: output and status come back whole, and a
/// child that hangs is killed at its timeout instead of holding up the run.
@Suite struct RawProcessTests {
    @Test func aHungChildIsKilledAtItsTimeout() throws {
        let started = ContinuousClock.now
        #expect(throws: RawProcess.TimedOut.self) {
            try RawProcess.run("/bin/sleep", ["30"], timeout: .milliseconds(500))
        }
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    @Test func aChildThatNeverReadsItsInputStillTimesOut() throws {
        let started = ContinuousClock.now
        #expect(throws: RawProcess.TimedOut.self) {
            try RawProcess.run("/bin/sleep", ["30"], stdin: Data(count: 4 << 20), timeout: .milliseconds(500))
        }
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    /// A child that exits without reading its input breaks the pipe: the run
    /// still returns (SIGPIPE must not kill the test process).
    @Test func aChildThatExitsUnreadLeavesTheRunnerAlive() throws {
        for _ in 0..<20 {
            let r = try RawProcess.run("/bin/true", [], stdin: Data(count: 1 << 20))
            #expect(r.status == 0)
        }
    }

    @Test func inputAndOutputRoundTripByteForByte() throws {
        let input = Data((0..<(8 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 9) })
        let r = try RawProcess.run("/bin/cat", [], stdin: input)
        #expect(r.status == 0)
        #expect(r.stdout == input)
    }

    @Test func statusAndStandardErrorComeBack() throws {
        let r = try RawProcess.run("/bin/sh", ["-c", "echo out; echo err >&2; exit 3"])
        #expect(r.status == 3 && r.stdoutText == "out\n" && r.stderrText == "err\n")
        #expect(throws: (any Error).self) { try RawProcess.run("/nonexistent/program", []) }
    }
}
