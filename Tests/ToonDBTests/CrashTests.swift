import Foundation
import Testing
import ToonDB
import ToonTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// A child process writes in `.full` mode and reports each acknowledged
/// write; the parent SIGKILLs it at random moments and checks, after each
/// reopen, that every acknowledged write is there (DESIGN failures 2 and 5).
@Suite struct CrashTests {
    /// What the parent expects after the writes it saw acknowledged.
    struct Expectation {
        var present: [String: String] = [:]
        var absent: Set<String> = []

        mutating func apply(_ line: Substring) {
            if line.hasPrefix("PUT ") {
                let parts = line.dropFirst(4).split(separator: " ", maxSplits: 1)
                present[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
                absent.remove(String(parts[0]))
            } else if line.hasPrefix("WILL-DEL ") {
                // Not acknowledged yet: the key may be gone or not.
                present[String(line.dropFirst(9))] = nil
            } else if line.hasPrefix("DEL ") {
                let k = String(line.dropFirst(4))
                present[k] = nil
                absent.insert(k)
            } else if line.hasPrefix("TXN ") {
                for pair in line.dropFirst(4).split(separator: ",") {
                    let kv = pair.split(separator: "=", maxSplits: 1)
                    present[String(kv[0])] = String(kv[1])
                    absent.remove(String(kv[0]))
                }
            }
        }
    }

    /// Runs the writer until it has acknowledged `count` writes, then kills it; returns the acknowledged lines.
    static func runAndKill(db: String, seed: Int, mode: String, memtable: Int, count: Int,
                           extra: [String] = []) throws -> [Substring] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Binaries.path("toondb-crash-writer"))
        p.arguments = [db, String(seed), mode, String(memtable)] + extra
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        var buffer = Data()
        var lines: [Substring] = []
        let h = out.fileHandleForReading
        while lines.count < count + 1 {
            let chunk = h.availableData
            if chunk.isEmpty { break }
            buffer.append(chunk)
            if let last = buffer.lastIndex(of: 10) {
                let text = String(decoding: buffer[...last], as: UTF8.self)
                lines += text.split(separator: "\n")
                buffer.removeSubrange(...last)
            }
        }
        kill(p.processIdentifier, SIGKILL)
        // Lines that arrived before the kill are acknowledged too.
        let rest = h.readDataToEndOfFile()
        buffer.append(rest)
        if let last = buffer.lastIndex(of: 10) {
            lines += String(decoding: buffer[...last], as: UTF8.self).split(separator: "\n")
        }
        p.waitUntilExit()
        #expect(p.terminationReason == .uncaughtSignal, "the writer was killed, not failed")
        return lines
    }

    @Test func acknowledgedWritesSurviveSIGKILL() throws {
        let dir = TemporaryDirectory("crash")
        var expected = Expectation()
        var rng = SeededRandom(seed: 42)
        for round in 0..<24 {
            let count = 50 + Int(rng.next() % 400)
            let lines = try Self.runAndKill(db: dir.path, seed: round, mode: "full", memtable: 64 * 1024, count: count)
            #expect(lines.first == "READY", "round \(round): writer opened the database")
            for line in lines { expected.apply(line) }
            let db = try Database.open(dir.path)
            for (k, v) in expected.present {
                #expect(try db.getString(k) == v, "round \(round): acknowledged \(k) survives")
            }
            for k in expected.absent {
                #expect(try db.get(k) == nil, "round \(round): deleted \(k) stays deleted")
            }
            // Scans agree with point reads.
            var scanned = 0
            let cursor = try db.scanPrefix("s")
            while let (key, value) = try cursor.next() {
                let k = String(decoding: key, as: UTF8.self)
                if let v = expected.present[k] { #expect(String(decoding: value, as: UTF8.self) == v) }
                #expect(!expected.absent.contains(k), "scan shows no deleted key")
                scanned += 1
            }
            #expect(scanned >= expected.present.count)
            try db.close()
        }
        #expect(expected.present.count > 1000)
    }

    @Test func aSliceOfTheTortureRunLosesNothing() throws {
        // `toondb-bench crash` (RELIABILITY.md), 20 of its rounds: keys,
        // transactions, SQL rows, documents and graph edges, killed at random
        // moments in full and normal sync, checked after each reopen.
        let r = try Binaries.run("toondb-bench", ["crash", "--rounds", "20", "--seed", "11", "--rounds-per-database", "10"])
        #expect(r.status == 0, "\(r.stdout.suffix(2000))\(r.stderr)")
        #expect(r.stdout.contains("crash: 20 rounds, 20 kills,"))
        #expect(r.stdout.hasSuffix(" checks, 0 failures\n"))
    }

    @Test func normalModeSurvivesProcessCrash() throws {
        let dir = TemporaryDirectory("crash-normal")
        var expected = Expectation()
        for round in 0..<5 {
            let lines = try Self.runAndKill(db: dir.path, seed: 100 + round, mode: "normal", memtable: 256 * 1024, count: 2000)
            for line in lines { expected.apply(line) }
            let db = try Database.open(dir.path)
            for (k, v) in expected.present {
                let got = try db.getString(k)
                #expect(got == v, "round \(round): \(k) is \(got.map { String($0.prefix(12)) } ?? "missing")")
            }
            for k in expected.absent { #expect(try db.get(k) == nil) }
            try db.close()
        }
    }
}
