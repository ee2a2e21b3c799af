import ArgumentParser
import ToonConnect
import ToonDB
import ToonIndex

/// `toondb`: the command-line face of ToonDB (toondb(1)).
@main
struct ToonDBCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "toondb",
        abstract: "An embedded document database: key-value store with key paths, transactions and more.",
        discussion: "See toondb(1) for every command and flag.",
        version: ToonDBVersion.report,
        subcommands: [ExplorerCommand.self, DemoCommand.self, ThemesCommand.self,
                      KVCommand.self, SQLCommand.self, ToonCommand.self, ShellCommand.self,
                      ImportCommand.self, ExportCommand.self, VerifyCommand.self, BackupCommand.self],
        defaultSubcommand: ExplorerCommand.self)
}

/// The version, and what `--version` prints.
enum ToonDBVersion {
    static let string = "0.1.0"

    /// The version, then the vector distance kernels this CPU runs
    /// (chosen at run time: avx512f, avx2+fma or baseline), then whether this
    /// build has the gRPC client (the GRPC trait; `make demo` leaves it out).
    static var report: String {
        string + "\nvector kernels: " + HNSWIndex.distanceKernels
            + "\ngrpc client: " + (GRPCSupport.isBuilt ? "yes" : "no (a lean build: make install or swift build adds it)")
    }
}
