import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real HTTP server on 127.0.0.1 for the remote-agent tests: Python's
/// `http.server`, started by the test on a free port, stopped on deinit.
///
/// - `POST /ok/<name>` answers 200 with `{"agent": name, "tool": …, "args": …, "session_id": …}`;
/// - `POST /fail` answers 500;
/// - `POST /hang` never answers (it sleeps for a minute);
/// - `POST /chunked` answers 200 with a chunked body `{"chunked": true}`.
final class ToolAgentServer: @unchecked Sendable {
    let port: Int
    private let process: Process

    static let script = #"""
import json, sys, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *args):
        pass
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.path == "/hang":
            time.sleep(60)
            return
        if self.path == "/fail":
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
        self.wfile.write(out)

server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
server.serve_forever()
"""#

    init() throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", Self.script]
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
        self.process = p
    }

    func url(_ path: String) -> URL { URL(string: "http://127.0.0.1:\(port)\(path)")! }

    deinit {
        // SIGKILL: the child may inherit a mask blocking SIGTERM from the test's thread.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
