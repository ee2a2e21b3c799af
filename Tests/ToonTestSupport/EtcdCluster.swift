import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Real `etcd` processes for tests: 1 or 3 members on free loopback ports,
/// each with its own data directory under a temporary directory, started
/// together and waited for until every one answers `etcdctl endpoint health`.
/// A member can be killed (SIGKILL) and restarted on its data; everything is
/// stopped by ``stop()`` or when the cluster is released.
///
/// Needs `etcd` and `etcdctl` on `PATH` (Debian: etcd-server, etcd-client;
/// scripts/install-deps.sh installs them).
public final class EtcdCluster: @unchecked Sendable {
    /// One member's name, ports and process.
    public struct Member: Sendable {
        public let name: String
        public let clientPort: Int
        public let peerPort: Int
        /// `127.0.0.1:clientPort`.
        public var endpoint: String { "127.0.0.1:\(clientPort)" }
    }

    public let members: [Member]
    /// The members' client endpoints, comma-separated (an `EtcdClient`'s endpoint list).
    public var endpoints: String { members.map(\.endpoint).joined(separator: ",") }
    /// Arguments given to every member besides the cluster's own (`--max-txn-ops`, …).
    public let extraArguments: [String]

    /// `user:password` etcdctl authenticates with, once ``enableAuth(user:password:)`` ran.
    private var credentials: String?
    private let directory: TemporaryDirectory
    private let etcd: String
    private let etcdctl: String
    private let lock = NSLock()
    private var processes: [Process?]

    /// With TLS: the PEM file of the CA that signed the members' certificate (for 127.0.0.1).
    public let caFile: String?

    /// Starts `size` members (1 or 3) and waits until all are healthy. `tls`:
    /// clients talk to them over TLS with a certificate made with openssl for
    /// 127.0.0.1 and signed by a fresh CA (``caFile``).
    public init(size: Int = 1, extraArguments: [String] = [], tls: Bool = false, timeout: Duration = .seconds(60)) throws {
        precondition(size == 1 || size == 3, "an EtcdCluster has 1 or 3 members")
        guard let etcd = RawProcess.which("etcd"), let etcdctl = RawProcess.which("etcdctl") else {
            throw EtcdClusterError("etcd or etcdctl is not installed (scripts/install-deps.sh installs etcd-server and etcd-client)")
        }
        self.etcd = etcd
        self.etcdctl = etcdctl
        self.extraArguments = extraArguments
        directory = TemporaryDirectory("toondb-etcd")
        caFile = tls ? try TestCertificates.make(in: directory) : nil
        let ports = try Self.freePorts(2 * size)
        members = (0..<size).map { Member(name: "m\($0)", clientPort: ports[2 * $0], peerPort: ports[2 * $0 + 1]) }
        processes = Array(repeating: nil, count: size)
        do {
            for i in members.indices { try launch(i) }
            for i in members.indices { try waitUntilHealthy(i, timeout: timeout) }
        } catch {
            stop()
            throw error
        }
    }

    deinit { stop() }

    /// The data directory of member `i`.
    public func dataDirectory(_ i: Int) -> String { directory.file("\(members[i].name).etcd") }

    /// The log (etcd's standard error) of member `i`.
    public func log(_ i: Int) -> String {
        (try? String(contentsOfFile: directory.file("\(members[i].name).log"), encoding: .utf8)) ?? ""
    }

    /// Kills member `i` with SIGKILL and waits until it is gone.
    public func kill(_ i: Int) {
        lock.lock()
        let process = processes[i]
        processes[i] = nil
        lock.unlock()
        guard let process, process.isRunning else { return }
        _ = Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Starts member `i` again on its data directory and waits until it is healthy.
    public func restart(_ i: Int, timeout: Duration = .seconds(60)) throws {
        kill(i)
        try launch(i, existing: true)
        try waitUntilHealthy(i, timeout: timeout)
    }

    /// Whether member `i`'s process runs.
    public func isRunning(_ i: Int) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return processes[i]?.isRunning == true
    }

    /// Stops every member (SIGTERM, then SIGKILL after 5 s). Stopping twice does nothing.
    public func stop() {
        lock.lock()
        let running = processes.compactMap { $0 }
        processes = Array(repeating: nil, count: processes.count)
        lock.unlock()
        for p in running where p.isRunning { p.terminate() }
        let deadline = Date().addingTimeInterval(5)
        for p in running {
            while p.isRunning && Date() < deadline { usleep(20_000) }
            if p.isRunning {
                _ = Glibc.kill(p.processIdentifier, SIGKILL)
                p.waitUntilExit()
            }
        }
    }

    /// Runs `etcdctl` against `endpoints` (default: all members) with `arguments`
    /// (as the auth user, once auth is enabled).
    public func etcdctl(_ arguments: [String], endpoints: String? = nil) throws -> RawProcess.Output {
        lock.lock()
        let user = credentials.map { ["--user=\($0)"] } ?? []
        lock.unlock()
        let ca = caFile.map { ["--cacert=\($0)"] } ?? []
        return try RawProcess.run(etcdctl, ["--endpoints=\(endpoints ?? self.endpoints)", "--dial-timeout=2s",
                                            "--command-timeout=5s"] + user + ca + arguments,
                                  environment: ["ETCDCTL_API": "3"])
    }

    /// Turns etcd's authentication on with `user` (given the root role) and `password`.
    public func enableAuth(user: String = "root", password: String) throws {
        for arguments in [["user", "add", "\(user):\(password)", "--interactive=false"],
                          ["role", "add", "root"], ["user", "grant-role", user, "root"], ["auth", "enable"]] {
            let r = try etcdctl(arguments)
            let text = r.stdoutText + r.stderrText
            guard r.status == 0, !text.contains("Error") else {
                throw EtcdClusterError("etcdctl \(arguments.joined(separator: " ")): \(text)")
            }
        }
        lock.lock()
        credentials = "\(user):\(password)"
        lock.unlock()
    }

    // MARK: Starting

    private func launch(_ i: Int, existing: Bool = false) throws {
        let m = members[i]
        let scheme = caFile == nil ? "http" : "https"
        let cluster = members.map { "\($0.name)=http://127.0.0.1:\($0.peerPort)" }.joined(separator: ",")
        var arguments = [
            "--name", m.name,
            "--data-dir", dataDirectory(i),
            "--listen-client-urls", "\(scheme)://127.0.0.1:\(m.clientPort)",
            "--advertise-client-urls", "\(scheme)://127.0.0.1:\(m.clientPort)",
            "--listen-peer-urls", "http://127.0.0.1:\(m.peerPort)",
            "--initial-advertise-peer-urls", "http://127.0.0.1:\(m.peerPort)",
            "--initial-cluster", cluster,
            "--initial-cluster-state", existing ? "existing" : "new",
            "--initial-cluster-token", "toondb-test-\(members[0].clientPort)-\(members[0].peerPort)",
            // Quick elections, so a test that kills the leader does not wait long.
            "--heartbeat-interval", "50",
            "--election-timeout", "500",
            "--logger", "zap",
            "--log-level", "warn",
        ]
        if caFile != nil {
            arguments += ["--cert-file", directory.file("server.pem"), "--key-file", directory.file("server.key")]
        }
        arguments += extraArguments
        let p = Process()
        p.executableURL = URL(fileURLWithPath: etcd)
        p.arguments = arguments
        let logPath = directory.file("\(m.name).log")
        if !FileManager.default.fileExists(atPath: logPath) {
            _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        }
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        log.seekToEndOfFile()
        p.standardOutput = log
        p.standardError = log
        p.standardInput = FileHandle.nullDevice
        try p.run()
        try? log.close()
        lock.lock()
        processes[i] = p
        lock.unlock()
    }

    private func waitUntilHealthy(_ i: Int, timeout: Duration) throws {
        let deadline = Date().addingTimeInterval(Double(timeout.components.seconds))
        var last = ""
        while Date() < deadline {
            guard isRunning(i) else {
                throw EtcdClusterError("etcd member \(members[i].name) exited at start:\n\(log(i).suffix(2000))")
            }
            let r = try etcdctl(["endpoint", "health"], endpoints: members[i].endpoint)
            if r.status == 0 { return }
            last = r.stderrText + r.stdoutText
            usleep(100_000)
        }
        throw EtcdClusterError("etcd member \(members[i].name) not healthy within \(timeout): \(last)\n\(log(i).suffix(2000))")
    }

    /// `count` distinct free TCP ports on 127.0.0.1 (bound to port 0, then released).
    public static func freePorts(_ count: Int) throws -> [Int] {
        var ports: [Int] = []
        var sockets: [Int32] = []
        defer { for s in sockets { close(s) } }
        while ports.count < count {
            let s = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard s >= 0 else { throw EtcdClusterError("socket: errno \(errno)") }
            sockets.append(s)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = 0
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(s, $0, length) == 0 && getsockname(s, $0, &length) == 0
                }
            }
            guard bound else { throw EtcdClusterError("bind 127.0.0.1:0: errno \(errno)") }
            ports.append(Int(UInt16(bigEndian: address.sin_port)))
        }
        return ports
    }
}

/// Why an ``EtcdCluster`` could not start.
public struct EtcdClusterError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
