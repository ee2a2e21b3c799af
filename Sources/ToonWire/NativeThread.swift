#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ToonCore

/// Starts POSIX threads running Swift closures: the server serves each
/// connection on a thread of its own, as the original does.
enum NativeThread {
    private final class Box {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    /// Starts a thread; `detached` threads cannot be joined. Returns the thread to join, or nil.
    @discardableResult
    static func start(detached: Bool, _ body: @escaping @Sendable () -> Void) throws -> pthread_t? {
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        var attr = pthread_attr_t()
        pthread_attr_init(&attr)
        defer { pthread_attr_destroy(&attr) }
        if detached { pthread_attr_setdetachstate(&attr, Int32(PTHREAD_CREATE_DETACHED)) }
        pthread_attr_setstacksize(&attr, 4 << 20)   // the SQL parser is bounded to fit 512 KiB
        #if canImport(Glibc)
        var thread = pthread_t()
        #else
        var thread: pthread_t?
        #endif
        let rc = pthread_create(&thread, &attr, { raw in
            #if canImport(Glibc)
            let b = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
            #else
            let b = Unmanaged<Box>.fromOpaque(raw).takeRetainedValue()
            #endif
            b.body()
            return nil
        }, box)
        if rc != 0 {
            Unmanaged<Box>.fromOpaque(box).release()
            throw ToonDBError(.ioError, "cannot start a thread: \(String(cString: strerror(rc)))",
                              remediation: "lower --max-clients or raise the process's thread limit")
        }
        #if canImport(Glibc)
        return detached ? nil : thread
        #else
        return detached ? nil : thread
        #endif
    }

    /// Waits for a thread started with `detached: false`.
    static func join(_ thread: pthread_t) {
        pthread_join(thread, nil)
    }
}
