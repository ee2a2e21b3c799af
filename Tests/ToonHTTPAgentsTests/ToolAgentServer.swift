import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real HTTP server on 127.0.0.1 for the remote-agent tests: Python's
/// `http.server`, started by the test on a free port, stopped on deinit;
/// HTTPS when given a certificate and its key.
///
/// - `POST /ok/<name>` answers 200 with `{"agent": name, "tool": …, "args": …, "session_id": …}`;
/// - `POST /fail` answers 500;
/// - `POST /status/<code>` answers `<code>` with the body `{"status": code}`;
/// - `POST /hang` never answers (it sleeps for a minute);
/// - `POST /stall` answers 200 and 9 of the 100 body bytes it announces, then sleeps for a minute;
/// - `POST /chunked` answers 200 with a chunked body `{"chunked": true}`;
/// - `POST /large/<n>` answers 200 with a body of `n` bytes (a JSON string), with Content-Length;
/// - `POST /large-chunked/<n>` the same in 1 MiB chunks, without a length announced.
final class ToolAgentServer: @unchecked Sendable {
    let port: Int
    /// `http` or `https`.
    let scheme: String
    private let process: Process

    static let script = #"""
import json, ssl, sys, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

def json_string(n):
    return b'"' + b'x' * (n - 2) + b'"'

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *args):
        pass
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.path == "/hang":
            time.sleep(60)
            return
        if self.path == "/stall":
            self.send_response(200)
            self.send_header("Content-Length", "100")
            self.end_headers()
            self.wfile.write(b'"xxxxxxxx')
            self.wfile.flush()
            time.sleep(60)
            return
        if self.path.startswith("/large-chunked/"):
            n = int(self.path.split("/")[-1])
            out = json_string(n)
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.send_header("Connection", "close")
            self.end_headers()
            try:
                for i in range(0, n, 1 << 20):
                    part = out[i:i + (1 << 20)]
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
                self.wfile.write(b"0\r\n\r\n")
            except OSError:
                pass  # the client gave up, as it should
            return
        if self.path.startswith("/large/"):
            out = json_string(int(self.path.split("/")[-1]))
            self.send_response(200)
        elif self.path.startswith("/status/"):
            code = int(self.path.split("/")[-1])
            out = json.dumps({"status": code}).encode()
            self.send_response(code)
        elif self.path == "/fail":
            out = b'{"error": "boom"}'
            self.send_response(500)
        elif self.path == "/chunked":
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.send_header("Connection", "close")
            self.end_headers()
            for part in [b'{"chunked"', b': true}']:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
            self.wfile.write(b"0\r\n\r\n")
            return
        else:
            req = json.loads(body)
            out = json.dumps({"agent": self.path.split("/")[-1], "tool": req["tool"], "args": req["args"],
                              "session_id": req["session_id"]}).encode()
            self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(out)))
        self.send_header("Connection", "close")
        self.end_headers()
        try:
            self.wfile.write(out)
        except OSError:
            pass  # the client gave up, as it should

server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
if len(sys.argv) == 3:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(sys.argv[1], sys.argv[2])
    server.socket = context.wrap_socket(server.socket, server_side=True)
print(server.server_address[1], flush=True)
server.serve_forever()
"""#

    /// A plain HTTP server, or an HTTPS one with `tls`: the paths of a PEM certificate and its key.
    init(tls: (certificate: String, key: String)? = nil) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", Self.script] + (tls.map { [$0.certificate, $0.key] } ?? [])
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        var line = Data()
        while !line.contains(0x0A) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            kill(p.processIdentifier, SIGKILL)
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "the test HTTP server did not start (is python3 installed?)"])
        }
        self.port = port
        self.scheme = tls == nil ? "http" : "https"
        self.process = p
    }

    func url(_ path: String) -> URL { URL(string: "\(scheme)://127.0.0.1:\(port)\(path)")! }

    deinit {
        // SIGKILL: the child may inherit a mask blocking SIGTERM from the test's thread.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
