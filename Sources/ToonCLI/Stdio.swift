#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Unbuffered writes to standard output and standard error, straight to the
/// file descriptor, so a line is out the moment the call returns.
package enum Stdio {
    package enum Stream: Int32, Sendable {
        case output = 1, error = 2
    }

    /// Writes every byte (partial writes continue; a write that fails gives up quietly).
    package static func write(_ bytes: [UInt8], to stream: Stream = .output) {
        bytes.withUnsafeBytes { p in
            guard let base = p.baseAddress else { return }
            var done = 0
            while done < p.count {
                let n = systemWrite(stream.rawValue, base + done, p.count - done)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return }
                done += n
            }
        }
    }

    /// Writes `text` and a newline.
    package static func line(_ text: String, to stream: Stream = .output) {
        write(Array((text + "\n").utf8), to: stream)
    }

    private static func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.write(fd, buffer, count)
        #else
        Darwin.write(fd, buffer, count)
        #endif
    }
}
