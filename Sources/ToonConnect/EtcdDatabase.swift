import Foundation
import ToonCore
import ToonDB
#if GRPC
import ToonEtcd
#endif

/// Databases kept on an etcd v3 cluster (README.md, "ToonDB on etcd"):
/// `etcd://HOST:PORT[,HOST:PORT…]/PREFIX[?cacert=FILE&user=NAME&timeout=SECONDS]`,
/// the user's password in `TOONDB_ETCD_PASSWORD`.
///
/// Such a database has the same API as one in a directory; the differences
/// are in toondb(1), ETCD: no backup, compaction or sync modes (etcd's own
/// apply), and each write is one etcd transaction, so its size is bounded by
/// the cluster's `--max-request-bytes` and `--max-txn-ops`. The etcd client
/// comes with the gRPC client (``GRPCSupport/isBuilt``).
public enum EtcdDatabase {
    /// Whether `location` names a database on etcd (it starts with `etcd://`).
    package static func isLocation(_ location: String) -> Bool { location.hasPrefix("etcd://") }

    /// Opens the database at `location`. Its vector indexes are kept in
    /// `$XDG_CACHE_HOME/toondb/etcd/` (else `~/.cache/toondb/etcd/`) and
    /// brought up to date from the documents at open.
    public static func open(_ location: String, config: DatabaseConfig = DatabaseConfig()) throws -> Database {
        #if GRPC
        let place = try EtcdLocation(location)
        let client = try EtcdClient(endpoints: place.endpoints, options: try place.options())
        let backend = EtcdBackend(client: client, prefix: place.keyPrefix, fs: config.fileSystem)
        do {
            _ = try backend.acquireSnapshot()  // reaches the cluster now, not at the first read
        } catch {
            client.close()
            throw error
        }
        return Database.open(backend: backend, location: place.description,
                             filesDirectory: cacheDirectory() + "/" + place.localName, config: config)
        #else
        throw notBuilt(location)
        #endif
    }

    /// The local directory of the database at `location` (its vector index
    /// files; `toondb-server`'s socket and pid file), created when missing.
    package static func localDirectory(_ location: String) throws -> String {
        #if GRPC
        let directory = cacheDirectory() + "/" + (try EtcdLocation(location)).localName
        try PosixFileSystem().createDirectory(directory)
        return directory
        #else
        throw notBuilt(location)
        #endif
    }

    private static func notBuilt(_ location: String) -> ToonDBError {
        ToonDBError(.invalidArgument, "this build has no etcd client, so it cannot open \(location)",
                    remediation: "build with the GRPC trait (on by default: swift build, or make install)")
    }

    /// Opens `location`: a database on etcd, or else the directory with ``Database/open(_:config:)``.
    package static func openAny(_ location: String, config: DatabaseConfig = DatabaseConfig()) throws -> Database {
        isLocation(location) ? try open(location, config: config) : try Database.open(location, config: config)
    }

    private static func cacheDirectory() -> String {
        let env = ProcessInfo.processInfo.environment
        if let xdg = env["XDG_CACHE_HOME"], xdg.hasPrefix("/") { return xdg + "/toondb/etcd" }
        return (env["HOME"] ?? NSTemporaryDirectory()) + "/.cache/toondb/etcd"
    }
}
