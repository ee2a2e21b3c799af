import Foundation
import ToonCore

/// One member's client address: `host:port`, `[v6]:port`, optionally with an
/// `http://` or `https://` scheme (the form etcd prints its client URLs in).
package struct EtcdEndpoint: Sendable, Hashable, CustomStringConvertible {
    package var host: String
    package var port: Int

    package init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// `host:port`, with brackets around an IPv6 host.
    package var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// One endpoint; `invalidArgument` naming the text otherwise.
    package static func parse(_ text: some StringProtocol) throws -> EtcdEndpoint {
        var rest = Substring(text).trimmingCharacters(in: .whitespaces)[...]
        for scheme in ["http://", "https://"] where rest.hasPrefix(scheme) { rest = rest.dropFirst(scheme.count) }
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        let host: Substring, portText: Substring
        if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
            host = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            guard after.hasPrefix(":") else { throw bad(text) }
            portText = after.dropFirst()
        } else {
            guard let colon = rest.lastIndex(of: ":") else { throw bad(text) }
            host = rest[..<colon]
            portText = rest[rest.index(after: colon)...]
            if host.contains(":") { throw bad(text) }
        }
        guard !host.isEmpty, !host.contains("/"), portText.allSatisfy(\.isASCII),
              let port = Int(portText), (1...65535).contains(port) else { throw bad(text) }
        return EtcdEndpoint(host: String(host), port: port)
    }

    /// A comma-separated list (`host:2379,host2:2379`): at least one, no duplicates.
    package static func parseList(_ text: String) throws -> [EtcdEndpoint] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        var endpoints: [EtcdEndpoint] = []
        for part in parts {
            let endpoint = try parse(part)
            if endpoints.contains(endpoint) {
                throw ToonDBError(.invalidArgument, "etcd endpoint \(endpoint) is listed twice in \"\(text)\"")
            }
            endpoints.append(endpoint)
        }
        return endpoints
    }

    private static func bad(_ text: some StringProtocol) -> ToonDBError {
        ToonDBError(.invalidArgument, "\"\(text)\" is not an etcd endpoint",
                    remediation: "give host:port, e.g. 127.0.0.1:2379, [::1]:2379 or http://10.0.0.1:2379; separate several with commas")
    }
}

/// How ``EtcdClient`` connects.
package struct EtcdOptions: Sendable {
    /// TLS to every endpoint, verifying the servers' certificates against
    /// this PEM file of CA certificates; nil: plaintext.
    package var caFile: String?
    /// With `password`: etcd's user and password (Auth.Authenticate); nil: no auth.
    package var user: String?
    package var password: String?
    /// The deadline of one call to one endpoint (a call may try every endpoint once).
    package var timeout: Duration

    package init(caFile: String? = nil, user: String? = nil, password: String? = nil, timeout: Duration = .seconds(5)) {
        self.caFile = caFile
        self.user = user
        self.password = password
        self.timeout = timeout
    }
}
