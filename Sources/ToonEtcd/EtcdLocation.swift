import Foundation
import ToonCore

/// Where a database on etcd is: `etcd://HOST:PORT[,HOST:PORT…]/PREFIX`,
/// with the options `?cacert=FILE` (TLS, trusting that CA), `&user=NAME`
/// (its password from `TOONDB_ETCD_PASSWORD`) and `&timeout=SECONDS`.
///
/// The database's keys live in the cluster under `PREFIX` followed by a NUL
/// byte: prefixes hold no NUL, so no database reaches into another's keys,
/// even when one prefix begins another (`app` and `app/x`).
package struct EtcdLocation: Sendable, Equatable {
    /// The members' client addresses.
    package var endpoints: [EtcdEndpoint]
    /// The database's name in the cluster (1–256 bytes, no NUL).
    package var prefix: String
    /// How the client connects.
    package var caFile: String?
    package var user: String?
    package var timeout: Duration

    /// The URL scheme.
    package static let scheme = "etcd://"

    /// Whether `text` names a database on etcd.
    package static func isLocation(_ text: String) -> Bool { text.hasPrefix(scheme) }

    /// Parses `text`; `invalidArgument` saying what is wrong otherwise.
    package init(_ text: String) throws {
        guard Self.isLocation(text) else { throw Self.bad(text, "it does not start with etcd://") }
        var rest = text.dropFirst(Self.scheme.count)
        var query: Substring = ""
        if let q = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: q)...]
            rest = rest[..<q]
        }
        guard let slash = rest.firstIndex(of: "/") else { throw Self.bad(text, "it names no prefix after the endpoints") }
        endpoints = try EtcdEndpoint.parseList(String(rest[..<slash]))
        let rawPrefix = String(rest[rest.index(after: slash)...])
        guard let decoded = rawPrefix.removingPercentEncoding, !decoded.isEmpty else {
            throw Self.bad(text, "the prefix is empty")
        }
        guard decoded.utf8.count <= 256, !decoded.utf8.contains(0) else {
            throw Self.bad(text, "the prefix must be 1–256 bytes without NUL")
        }
        prefix = decoded
        timeout = .seconds(5)
        for item in query.split(separator: "&") where !item.isEmpty {
            let pair = item.split(separator: "=", maxSplits: 1).map(String.init)
            let value = pair.count == 2 ? pair[1].removingPercentEncoding ?? pair[1] : ""
            switch pair[0] {
            case "cacert" where !value.isEmpty: caFile = value
            case "user" where !value.isEmpty: user = value
            case "timeout":
                guard let seconds = Double(value), seconds > 0, seconds <= 3600 else {
                    throw Self.bad(text, "timeout must be a number of seconds in (0, 3600]")
                }
                timeout = .milliseconds(Int64(seconds * 1000))
            default:
                throw Self.bad(text, "unknown or empty option \"\(item)\" (known: cacert, user, timeout)")
            }
        }
    }

    /// The bytes every key of the database starts with in the cluster.
    package var keyPrefix: [UInt8] { Array(prefix.utf8) + [0] }

    /// The client options, with the password from `environment`'s `TOONDB_ETCD_PASSWORD`.
    package func options(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> EtcdOptions {
        let password = environment["TOONDB_ETCD_PASSWORD"]
        if user != nil && password == nil {
            throw ToonDBError(.invalidArgument, "user=\(user!) is given but TOONDB_ETCD_PASSWORD is not set",
                              remediation: "export TOONDB_ETCD_PASSWORD with the user's password")
        }
        return EtcdOptions(caFile: caFile, user: user, password: user == nil ? nil : password, timeout: timeout)
    }

    /// The endpoints as written in a location: `host:port,host:port`.
    package var endpointList: String { endpoints.map(\.description).joined(separator: ",") }

    /// The URL again, without options: how the database is named in messages.
    package var description: String { Self.scheme + endpointList + "/" + prefix }

    /// A directory name for this database's local files: the readable part
    /// (letters, digits, `.`, `-`, `_`) and a hash of the whole location, so
    /// that `a/b` and `a_b` get different directories.
    package var localName: String {
        let raw = endpointList + "/" + prefix
        let readable = String(raw.map { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) ? $0 : "_" })
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a
        for byte in raw.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return readable.prefix(100) + "-" + String(hash, radix: 16)
    }

    private static func bad(_ text: String, _ why: String) -> ToonDBError {
        ToonDBError(.invalidArgument, "\"\(text)\" is not an etcd database location: \(why)",
                    remediation: "give etcd://HOST:PORT[,HOST:PORT…]/PREFIX[?cacert=FILE&user=NAME&timeout=SECONDS]")
    }
}
