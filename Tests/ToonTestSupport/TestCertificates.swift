import Foundation

/// Certificates for TLS tests (etcd members, HTTPS agents), made with openssl at test time.
public enum TestCertificates {
    /// Why certificates could not be made.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }

    /// Makes `ca.pem` and `server.pem`/`server.key` (for IP 127.0.0.1, signed by the CA) in `directory`; returns the CA's path.
    public static func make(in directory: TemporaryDirectory) throws -> String {
        guard let openssl = RawProcess.which("openssl") else {
            throw Failure("openssl is not installed (scripts/install-deps.sh installs it)")
        }
        try "subjectAltName=IP:127.0.0.1\n".write(toFile: directory.file("san.ext"), atomically: true, encoding: .utf8)
        let steps: [[String]] = [
            ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=toondb test CA",
             "-keyout", directory.file("ca.key"), "-out", directory.file("ca.pem")],
            ["req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1",
             "-keyout", directory.file("server.key"), "-out", directory.file("server.csr")],
            ["x509", "-req", "-days", "1", "-in", directory.file("server.csr"), "-CA", directory.file("ca.pem"),
             "-CAkey", directory.file("ca.key"), "-CAcreateserial", "-extfile", directory.file("san.ext"),
             "-out", directory.file("server.pem")],
        ]
        for step in steps {
            let r = try RawProcess.run(openssl, step)
            guard r.status == 0 else { throw Failure("openssl \(step.joined(separator: " ")): \(r.stderrText)") }
        }
        return directory.file("ca.pem")
    }
}
