#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one way ToonDB starts a thread of its own: a POSIX thread running a
/// Swift closure, with a name (seen in `top -H`, `perf` and debuggers) and
/// a stack size chosen by the caller. The server's connections, the storage
/// engine's background work, the HNSW file check, the collections' catch-up
/// reads and the explorer's queries all run on these.
package enum NativeThread {
    private final class Start {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    /// The stack of a thread that runs SQL: the parser is bounded to fit 512 KiB.
    package static let sqlStackSize = 4 << 20

    /// Starts a thread named `name` (at most 15 bytes are kept) with a
    /// `stackSize`-byte stack; `detached` threads cannot be joined. Returns
    /// the thread to join, or nil. Throws `ioError` when the system refuses
    /// a thread (the process's thread limit).
    @discardableResult
    package static func start(_ name: String, stackSize: Int = 1 << 20, detached: Bool = true,
                              _ body: @escaping @Sendable () -> Void) throws -> pthread_t? {
        let start = Unmanaged.passRetained(Start { setName(name); body() }).toOpaque()
        var attr = pthread_attr_t()
        pthread_attr_init(&attr)
        defer { pthread_attr_destroy(&attr) }
        if detached { pthread_attr_setdetachstate(&attr, Int32(PTHREAD_CREATE_DETACHED)) }
        pthread_attr_setstacksize(&attr, stackSize)
        #if canImport(Glibc)
        var thread = pthread_t()
        #else
        var thread: pthread_t?
        #endif
        let rc = pthread_create(&thread, &attr, { raw in
            #if canImport(Glibc)
            let s = Unmanaged<Start>.fromOpaque(raw!).takeRetainedValue()
            #else
            let s = Unmanaged<Start>.fromOpaque(raw).takeRetainedValue()
            #endif
            s.body()
            return nil
        }, start)
        if rc != 0 {
            Unmanaged<Start>.fromOpaque(start).release()
            throw ToonDBError(.ioError, "cannot start a thread: \(String(cString: strerror(rc)))",
                              remediation: "lower the number of clients or raise the process's thread limit")
        }
        return detached ? nil : thread
    }

    /// Starts a detached thread, or runs `body` on the calling thread when
    /// the system refuses one: for work that must happen either way.
    package static func startOrRun(_ name: String, stackSize: Int = 1 << 20, _ body: @escaping @Sendable () -> Void) {
        let started: Bool
        do {
            try start(name, stackSize: stackSize, body)
            started = true
        } catch {
            started = false
        }
        if !started { body() }
    }

    /// Names the calling thread (Linux keeps 15 bytes). Glibc's
    /// `pthread_setname_np` is not visible to Swift, so this writes the
    /// thread's `comm` file, as that function does.
    private static func setName(_ name: String) {
        #if os(Linux)
        let fd = open("/proc/thread-self/comm", O_WRONLY)
        guard fd >= 0 else { return }
        let bytes = Array(name.utf8.prefix(15))
        _ = write(fd, bytes, bytes.count)
        close(fd)
        #endif
    }

    /// Waits for a thread started with `detached: false`.
    package static func join(_ thread: pthread_t) {
        pthread_join(thread, nil)
    }
}
