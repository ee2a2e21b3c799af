import ToonCore

/// Whether this build carries the gRPC client: the package's `GRPC` trait,
/// on by default (`swift build`, `make install`, `make test`) and left out by
/// `make demo`, whose lean `toondb` compiles neither gRPC nor SwiftNIO.
public enum GRPCSupport {
    /// True when ``connect(_:mode:)`` and ``RemoteDataSource/grpc(_:readOnly:)`` can reach a `toondb-grpc-server`.
    public static var isBuilt: Bool {
        #if GRPC
        return true
        #else
        return false
        #endif
    }

    /// The error a build without the trait gives for a gRPC `target`.
    static func notBuilt(_ target: String) -> ToonDBError {
        ToonDBError(.invalidArgument, "this build has no gRPC client, so it cannot reach \(target)",
                    remediation: "build with the GRPC trait (on by default: swift build, or make install), "
                        + "or use toondb-server over a Unix socket (--ipc SOCKET)")
    }
}
