#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A mutex with a condition variable (pthread), for the engine's queues.
package final class ConditionLock: @unchecked Sendable {
    fileprivate let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let cond = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    /// Creates an unlocked lock.
    package init() {
        pthread_mutex_init(mutex, nil)
        initMonotonicCondition(cond)
    }

    deinit {
        pthread_cond_destroy(cond)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        cond.deallocate()
    }

    /// Acquires the mutex.
    package func lock() { pthread_mutex_lock(mutex) }
    /// Releases the mutex.
    package func unlock() { pthread_mutex_unlock(mutex) }
    /// Waits for a broadcast; the mutex must be held.
    package func wait() { pthread_cond_wait(cond, mutex) }
    /// Waits for a broadcast or until `seconds` pass (on the monotonic
    /// clock); the mutex must be held.
    package func wait(seconds: Double) { timedWait(cond, mutex, seconds: seconds) }
    /// Wakes every waiter.
    package func broadcast() { pthread_cond_broadcast(cond) }

    /// Runs `body` holding the mutex.
    @inlinable
    package func withLock<T>(_ body: () throws -> T) rethrows -> T {
        lock()
        defer { unlock() }
        return try body()
    }
}

/// A second condition variable on a ``ConditionLock``'s mutex, so that one
/// kind of waiter (a background thread) is not woken by another's broadcasts.
package final class Condition: @unchecked Sendable {
    private let lock: ConditionLock
    private let cond = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    /// A condition tied to `lock`'s mutex.
    package init(_ lock: ConditionLock) {
        self.lock = lock
        initMonotonicCondition(cond)
    }

    deinit {
        pthread_cond_destroy(cond)
        cond.deallocate()
    }

    /// Waits for a broadcast or until `seconds` pass (on the monotonic
    /// clock); the lock must be held.
    package func wait(seconds: Double) { timedWait(cond, lock.mutex, seconds: seconds) }

    /// Wakes every waiter.
    package func broadcast() { pthread_cond_broadcast(cond) }
}

/// Initialises a condition variable whose timed waits run on the monotonic
/// clock, so that setting the wall clock neither stretches nor cuts them.
private func initMonotonicCondition(_ cond: UnsafeMutablePointer<pthread_cond_t>) {
    #if os(Linux)
    var attributes = pthread_condattr_t()
    pthread_condattr_init(&attributes)
    pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
    pthread_cond_init(cond, &attributes)
    pthread_condattr_destroy(&attributes)
    #else
    pthread_cond_init(cond, nil)
    #endif
}

/// Waits on `cond` for at most `seconds`, measured on the monotonic clock.
private func timedWait(_ cond: UnsafeMutablePointer<pthread_cond_t>, _ mutex: UnsafeMutablePointer<pthread_mutex_t>,
                       seconds: Double) {
    let wait = max(0, seconds)
    #if os(Linux)
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    let nanos = Int(now.tv_nsec) + Int((wait - wait.rounded(.down)) * 1e9)
    var deadline = timespec(tv_sec: now.tv_sec + Int(wait) + nanos / 1_000_000_000, tv_nsec: nanos % 1_000_000_000)
    pthread_cond_timedwait(cond, mutex, &deadline)
    #else
    var relative = timespec(tv_sec: Int(wait), tv_nsec: Int((wait - wait.rounded(.down)) * 1e9))
    pthread_cond_timedwait_relative_np(cond, mutex, &relative)
    #endif
}

/// A readers-writer lock (pthread).
package final class ReadWriteLock: @unchecked Sendable {
    private let rw = UnsafeMutablePointer<pthread_rwlock_t>.allocate(capacity: 1)

    /// Creates an unlocked lock.
    package init() { pthread_rwlock_init(rw, nil) }

    deinit {
        pthread_rwlock_destroy(rw)
        rw.deallocate()
    }

    /// Runs `body` holding the lock shared.
    @inlinable
    package func withReadLock<T>(_ body: () throws -> T) rethrows -> T {
        readLock()
        defer { unlock() }
        return try body()
    }

    /// Runs `body` holding the lock exclusively.
    @inlinable
    package func withWriteLock<T>(_ body: () throws -> T) rethrows -> T {
        writeLock()
        defer { unlock() }
        return try body()
    }

    @usableFromInline func readLock() { pthread_rwlock_rdlock(rw) }
    @usableFromInline func writeLock() { pthread_rwlock_wrlock(rw) }
    @usableFromInline func unlock() { pthread_rwlock_unlock(rw) }
}
