/// How ``connect(_:mode:)`` reaches a database.
public enum ConnectionMode: String, Sendable, CaseIterable {
    /// Pick from the target: `etcd://…` is etcd, `host:port` gRPC, a `.sock` path IPC, any other path embedded.
    case automatic
    /// Open the directory as a ``ToonDB/Database`` in this process.
    case embedded
    /// Connect to a `toondb-server` listening on the Unix socket at the path.
    case ipc
    /// Connect to a `toondb-grpc-server` at `host:port`.
    case grpc
    /// Open, in this process, the database kept on an etcd cluster at
    /// `etcd://HOST:PORT[,…]/PREFIX` (``EtcdDatabase``).
    case etcd

    /// The mode `automatic` picks for `target`:
    /// - `etcd://…` → ``etcd``;
    /// - `host:port` (a colon followed by digits only, no `/`; `[v6]:port`) → ``grpc``;
    /// - a path ending in `.sock` → ``ipc``;
    /// - anything else → ``embedded``.
    public static func detect(_ target: String) -> ConnectionMode {
        if EtcdDatabase.isLocation(target) { return .etcd }
        if target.hasSuffix(".sock") { return .ipc }
        if !target.contains("/"), let colon = target.lastIndex(of: ":") {
            let port = target[target.index(after: colon)...]
            let host = target[..<colon]
            let bracketed = host.hasPrefix("[") && host.hasSuffix("]")
            if !port.isEmpty, port.allSatisfy(\.isASCII), port.allSatisfy(\.isNumber), !host.isEmpty,
               bracketed || !host.contains(":") {
                return .grpc
            }
        }
        return .embedded
    }
}
