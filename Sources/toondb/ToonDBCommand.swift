import ArgumentParser
import ToonDB

/// `toondb`: the command-line face of ToonDB (toondb(1)).
@main
struct ToonDBCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "toondb",
        abstract: "An embedded document database: key-value store with key paths, transactions and more.",
        discussion: "See toondb(1) for every command and flag.",
        version: ToonDBVersion.string,
        subcommands: [ExplorerCommand.self, DemoCommand.self, ThemesCommand.self,
                      KVCommand.self, SQLCommand.self, ToonCommand.self, ShellCommand.self,
                      ImportCommand.self, ExportCommand.self, VerifyCommand.self, BackupCommand.self],
        defaultSubcommand: ExplorerCommand.self)
}

/// The version printed by `--version`.
enum ToonDBVersion {
    static let string = "0.1.0"
}
