import ToonCore
import ToonDB
#if GRPC
import ToonGRPC
#endif
import ToonWire

/// Opens `target` the way README.md "Connections and servers" describes and
/// returns a connection with
/// the key-value and transaction API of ``KeyValueConnection``:
///
/// ```swift
/// let local  = try connect("./my_database")        // embedded Database
/// let ipc    = try connect("/tmp/toondb.sock")     // IpcClient to toondb-server
/// let remote = try connect("127.0.0.1:50051")      // GRPCConnection to toondb-grpc-server
/// let shared = try connect("etcd://127.0.0.1:2379/app")  // Database on an etcd cluster
/// let forced = try connect("./odd:1", mode: .embedded)
/// ```
/// `mode` overrides the detection (see ``ConnectionMode/detect(_:)``). The
/// concrete type behind the value (``Database``, ``IpcClient``,
/// ``GRPCConnection``) can be recovered with `as?` for what only it offers.
public func connect(_ target: String, mode: ConnectionMode = .automatic) throws -> any KeyValueConnection {
    guard !target.isEmpty else {
        throw ToonDBError(.invalidArgument, "the connection target is empty",
                          remediation: "give a database directory, a .sock path, host:port or etcd://HOST:PORT/PREFIX")
    }
    switch mode == .automatic ? ConnectionMode.detect(target) : mode {
    case .embedded, .automatic: return try Database.open(target)
    case .ipc: return try IpcClient.connect(target)
    case .etcd: return try EtcdDatabase.open(target)
    case .grpc:
        #if GRPC
        return try GRPCConnection.connect(target)
        #else
        throw GRPCSupport.notBuilt(target)
        #endif
    }
}
