import ArgumentParser
import Foundation
import ToonCore
import ToonDB

/// `toondb-bench crash`: the torture run of RELIABILITY.md. Each round starts
/// `toondb-crash-writer … mixed` on a database, SIGKILLs it at a random
/// moment, reopens the database and checks everything the writer reported
/// acknowledged (``CrashLedger``, ``CrashVerifier``). Prints one line per
/// round and a total; exits non-zero when any check failed.
struct CrashCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crash", abstract: "Kill a writer at random moments and verify the database after each reopen.")

    @Option(help: "Rounds (kills) to run.")
    var rounds = 20
    @Option(help: "Seed of the kill moments and the writers' data.")
    var seed: UInt64 = 1
    @Option(help: "Rounds on one database before a fresh one is started.")
    var roundsPerDatabase = 25
    @Option(help: "Longest time a writer runs before it is killed, in milliseconds.")
    var maxRunMilliseconds = 400
    @Option(help: "The writer executable; default: toondb-crash-writer beside this program.")
    var writer: String?
    @Option(help: "Directory for the databases (kept); default: a temporary one, removed afterwards.")
    var dir: String?

    func validate() throws {
        guard rounds > 0, roundsPerDatabase > 0, maxRunMilliseconds > 0 else {
            throw ValidationError("--rounds, --rounds-per-database and --max-run-milliseconds must be positive")
        }
    }

    func run() throws {
        let writerPath = writer ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("toondb-crash-writer").path
        guard FileManager.default.isExecutableFile(atPath: writerPath) else {
            throw BenchError("no writer at \(writerPath); build it (swift build --product toondb-crash-writer) or pass --writer")
        }
        let scratch = try Scratch(dir: dir)
        defer { scratch.finish() }
        var rng = SplitMix64(seed: seed)
        var ledger = CrashLedger()
        var path = ""
        var totals = (kills: 0, acknowledged: 0, checked: 0, failures: 0)
        for round in 1...rounds {
            if (round - 1) % roundsPerDatabase == 0 {
                path = try scratch.fresh("db-\(round)")
                ledger = CrashLedger()
            }
            let mode = round % 2 == 0 ? "full" : "normal"
            let runFor = Int(rng.next() % UInt64(maxRunMilliseconds)) + 1
            let output = try CrashRound.run(writer: writerPath, database: path, seed: seed &* 1_000_003 &+ UInt64(round),
                                            mode: mode, memtableBytes: 64 << 10, milliseconds: runFor)
            let before = ledger.count
            ledger.record(output)
            let result = CrashVerifier.check(path, ledger)
            totals.kills += 1
            totals.acknowledged += ledger.count - before
            totals.checked += result.checked
            totals.failures += result.failures.count
            print("round \(round): \(mode), killed after \(runFor) ms, \(ledger.count - before) new acknowledged writes, "
                  + "\(result.checked) checks, \(result.failures.count) failures")
            for f in result.failures.prefix(5) { print("  FAIL \(f)") }
        }
        print("crash: \(rounds) rounds, \(totals.kills) kills, \(totals.acknowledged) acknowledged writes, "
              + "\(totals.checked) checks, \(totals.failures) failures")
        if totals.failures > 0 { throw ExitCode.failure }
    }
}
