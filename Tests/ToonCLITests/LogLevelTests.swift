import ArgumentParser
import Logging
import Synchronization
import Testing
import ToonCLI

/// The servers' `--log-level` values and their log lines (toondb-server(1), toondb-grpc-server(1)).
@Suite struct LogLevelTests {
    @Test func levelNamesOfTheManPagesAreAccepted() {
        #expect(Logger.Level(argument: "trace") == .trace)
        #expect(Logger.Level(argument: "debug") == .debug)
        #expect(Logger.Level(argument: "info") == .info)
        #expect(Logger.Level(argument: "warn") == .warning)
        #expect(Logger.Level(argument: "warning") == .warning)
        #expect(Logger.Level(argument: "error") == .error)
        #expect(Logger.Level.allValueStrings == ["trace", "debug", "info", "warn", "error"])
        #expect(Logger.Level.warning.defaultValueDescription == "warn")
        #expect(Logger.Level.info.defaultValueDescription == "info")
    }

    @Test func otherNamesAreRefused() {
        for bad in ["loud", "", "WARN", "Info", "notice", "critical", " info", "warn "] {
            #expect(Logger.Level(argument: bad) == nil, "\(bad)")
        }
    }

    /// Collects the lines a handler writes.
    final class Lines: Sendable {
        let lines = Mutex<[String]>([])
        var all: [String] { lines.withLock { $0 } }
        func logger(prefix: String, level: Logger.Level) -> Logger {
            Logger(label: "test") { _ in LineLogHandler(prefix: prefix, level: level) { line in self.lines.withLock { $0.append(line) } } }
        }
    }

    @Test func aLevelWritesItselfAndTheLevelsAfterIt() {
        let out = Lines()
        let logger = out.logger(prefix: "[Server] ", level: .warning)
        logger.trace("t")
        logger.debug("d")
        logger.info("i")
        logger.warning("w")
        logger.error("e")
        #expect(out.all == ["[Server] w\n", "[Server] e\n"])
    }

    @Test func linesKeepTheirFormatAndAddMetadataSortedByKey() {
        let out = Lines()
        var logger = out.logger(prefix: "", level: .trace)
        logger.trace("Listening on a.sock")
        logger[metadataKey: "zone"] = "b"
        logger.info("[RPC] Get failed", metadata: ["code": "5", "zone": "c"])
        #expect(out.all == ["Listening on a.sock\n", "[RPC] Get failed code=5 zone=c\n"])
        #expect(logger[metadataKey: "zone"] == "b")
    }
}
