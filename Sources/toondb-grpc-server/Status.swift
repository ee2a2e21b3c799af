import ArgumentParser
import ToonCLI
import ToonDB
import ToonGRPC

struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Ask the server at --host and --port for its health; exit status 0 if it answers SERVING, 1 if not.")

    @OptionGroup var address: AddressOptions

    @Option(name: .long, help: ArgumentHelp("Seconds to wait for an answer.", valueName: "seconds"))
    var timeout: Int = 3

    func run() async throws {
        let target = "\(address.host):\(address.port)"
        do {
            guard timeout > 0 else { throw ToonDBError(.invalidArgument, "--timeout must be at least 1, not \(timeout)") }
            let c = try GRPCConnection(host: address.host, port: address.port, timeout: .seconds(timeout))
            defer { c.close() }
            let h = try await c.health()
            guard h.status == .serving else {
                Stdio.line("[Server] Not serving at \(target) (status \(h.status))")
                throw ExitCode.failure
            }
            Stdio.line("[Server] Running at \(target) (\(h.version), \(h.indexes.count) indexes)")
        } catch let e as ToonDBError where e.code == .invalidArgument {
            throw program.failure(e)
        } catch let e as ToonDBError {
            Stdio.line("[Server] Not running at \(target) (\(e.message))")
            throw ExitCode.failure
        }
    }
}
