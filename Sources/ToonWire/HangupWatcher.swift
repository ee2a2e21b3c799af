#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ToonCore

/// Notices clients that hang up while their request is still running, so
/// the server can stop the work nobody waits for (PROTOCOL.md §4.12): an
/// `IpcClient` interrupted from another thread shuts its socket down.
///
/// One thread polls the sockets of the requests being watched for the peer's
/// hang-up, in rounds of at most 100 ms (a request joins at the next round, so
/// one shorter than that is never watched); it sleeps while nothing is
/// watched. Each watch has its own number, so a socket closed and reused
/// between a round's start and its end never fires the old watch's action.
final class HangupWatcher: @unchecked Sendable {
    private struct Watch {
        var token: UInt64
        var onHangup: @Sendable () -> Void
    }

    private let state = ConditionLock()
    private var watches: [Int32: Watch] = [:]
    private var nextToken: UInt64 = 1
    private var running = false
    private var stopping = false

    #if os(Linux)
    private static let hangupEvents = Int16(0x2000) | Int16(POLLHUP) | Int16(POLLERR)   // 0x2000: POLLRDHUP, which Glibc does not export to Swift
    #else
    private static let hangupEvents = Int16(POLLHUP) | Int16(POLLERR)
    #endif

    /// Calls `onHangup` (on the watcher's thread) if the peer of `fd` hangs
    /// up before ``unwatch(_:token:)``; returns the watch's token.
    func watch(_ fd: Int32, onHangup: @escaping @Sendable () -> Void) -> UInt64 {
        state.withLock {
            let token = nextToken
            nextToken += 1
            watches[fd] = Watch(token: token, onHangup: onHangup)
            if !running && !stopping {
                running = (try? NativeThread.start("toondb-hangups") { [self] in loop() }) != nil
            }
            state.broadcast()
            return token
        }
    }

    /// Ends a watch (before `fd` is closed).
    func unwatch(_ fd: Int32, token: UInt64) {
        state.withLock {
            if watches[fd]?.token == token { watches[fd] = nil }
        }
    }

    /// Ends the thread; later watches are never fired.
    func stop() {
        state.withLock {
            stopping = true
            watches.removeAll()
            state.broadcast()
        }
    }

    private func loop() {
        while let round = nextRound() {
            var pfds = round.map { pollfd(fd: $0.fd, events: Self.hangupEvents, revents: 0) }
            guard poll(&pfds, nfds_t(pfds.count), 100) > 0 else { continue }
            for (p, watched) in zip(pfds, round) where p.revents & Self.hangupEvents != 0 {
                let action: (@Sendable () -> Void)? = state.withLock {
                    guard let w = watches[watched.fd], w.token == watched.token else { return nil }
                    watches[watched.fd] = nil
                    return w.onHangup
                }
                action?()
            }
        }
    }

    /// The sockets to poll this round; waits while there are none, nil once stopped.
    private func nextRound() -> [(fd: Int32, token: UInt64)]? {
        state.withLock {
            while watches.isEmpty && !stopping { state.wait() }
            if stopping { running = false; return nil }
            return watches.map { ($0.key, $0.value.token) }
        }
    }
}
