import ArgumentParser
import ToonCLI
import ToonDB
import ToonGRPC

/// `toondb-grpc-server`: serves vector indexes (VectorIndexService) and the
/// key-value store (KvService) of a ToonDB database over gRPC (toondb-grpc-server(1));
/// `status` asks a running server whether it is healthy.
@main
struct GRPCServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "toondb-grpc-server",
        abstract: "Serve ToonDB vector indexes and key-value data over gRPC.",
        discussion: "Without a subcommand, runs `serve`. The services are sochdb.v1.VectorIndexService and sochdb.v1.KvService, so clients generated from the SochDB interface work unchanged. There is no TLS and no authentication: the server binds to loopback unless --host says otherwise.",
        subcommands: [Serve.self, Status.self],
        defaultSubcommand: Serve.self)
}

/// Errors become `toondb-grpc-server: code: message (hint: …)` and exit status 1 (ToonCLI's `Program`).
let program = Program("toondb-grpc-server")

/// `--host` and `--port`, shared by both subcommands.
struct AddressOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The address to listen on or ask: an IPv4 or IPv6 address, or localhost.", valueName: "address"))
    var host: String = "127.0.0.1"

    @Option(name: .long, help: ArgumentHelp("The TCP port (serve: 0 picks a free one and prints it).", valueName: "port"))
    var port: Int = 50051
}
