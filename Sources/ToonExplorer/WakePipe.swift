import Foundation

/// A pipe that wakes a thread sleeping in `poll(2)`: ``wake()``, from any
/// thread or a signal handler, makes ``readEnd`` readable until ``drain()``.
/// Both ends are non-blocking, so a full pipe never blocks the waker.
package final class WakePipe: @unchecked Sendable {
    /// The end to poll for `POLLIN`.
    package let readEnd: Int32
    private let writeEnd: Int32

    package init() {
        var fds: [Int32] = [-1, -1]
        if pipe(&fds) == 0 {
            for fd in fds {
                _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            }
        }
        readEnd = fds[0]
        writeEnd = fds[1]
    }

    deinit {
        if readEnd >= 0 { close(readEnd) }
        if writeEnd >= 0 { close(writeEnd) }
    }

    /// Makes ``readEnd`` readable (async-signal-safe: one `write(2)`).
    package func wake() {
        var byte: UInt8 = 1
        _ = write(writeEnd, &byte, 1)
    }

    /// Empties the pipe; true if anything was in it.
    @discardableResult
    package func drain() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 64)
        var any = false
        while read(readEnd, &buffer, buffer.count) > 0 { any = true }
        return any
    }
}
