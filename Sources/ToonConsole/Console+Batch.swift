import Foundation
import ToonCommands
import ToonDB

extension Console {
    /// Runs input read from `fd` (standard input when it is not a terminal):
    /// no prompts, each result written as soon as its statement ran, errors on
    /// standard error as `toondb: line N: …`. Returns the exit status: 1 when
    /// any unit failed (at once with ``bail``), else 0.
    package func runBatch(fd: Int32 = 0) -> Int32 {
        var buffer = StatementBuffer()
        var pending: [UInt8] = []
        var lineNumber = 0
        var failed = false
        var chunk = [UInt8](repeating: 0, count: 65536)

        /// Runs the units a line completes; false when the console must stop.
        func feed(_ bytes: ArraySlice<UInt8>) -> Int32? {
            lineNumber += 1
            var line = String(decoding: bytes, as: UTF8.self)
            if line.hasSuffix("\r") { line.removeLast() }
            for unit in buffer.append(line, line: lineNumber) {
                do {
                    if try session.run(unit) == .quit { return failed ? 1 : 0 }
                } catch {
                    report(error, line: unit.line)
                    failed = true
                    if bail { return 1 }
                }
            }
            return nil
        }

        while true {
            let n = chunk.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress!, $0.count) }
            if n < 0, errno == EINTR { continue }
            if n <= 0 { break }
            pending += chunk[0..<n]
            var start = 0
            while let nl = pending[start...].firstIndex(of: 10) {
                if let status = feed(pending[start..<nl]) { return status }
                start = nl + 1
            }
            pending.removeFirst(start)
        }
        if !pending.isEmpty, let status = feed(pending[...]) { return status }
        if let (unit, why) = buffer.finish() {
            if case .semicolon = why {
                do { _ = try session.run(unit) } catch {
                    report(error, line: unit.line)
                    return 1
                }
            } else {
                report(ToonDBError(.sqlSyntax, CommandSession.unfinishedMessage(why)), line: unit.line)
                return 1
            }
        }
        return failed ? 1 : 0
    }
}
