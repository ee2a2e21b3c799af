import Synchronization

/// Stops long-running work from another thread, in the manner of
/// `sqlite3_interrupt`: work takes a ``InterruptTicket`` when it starts and
/// checks it as it goes; ``interrupt()`` makes every ticket taken before it
/// throw `interrupted` at its next check. Work started afterwards runs.
package final class InterruptSignal: Sendable {
    private let generation = Atomic<UInt64>(0)

    /// A signal nobody has raised.
    package init() {}

    /// Interrupts all work holding a ticket taken before this call.
    package func interrupt() { generation.add(1, ordering: .relaxed) }

    /// A ticket for work starting now; with `other`, raising either signal stops the work.
    package func ticket(alongside other: InterruptSignal? = nil) -> InterruptTicket {
        InterruptTicket(signal: self, start: current, other: other, otherStart: other?.current ?? 0)
    }

    fileprivate var current: UInt64 { generation.load(ordering: .relaxed) }
}

/// What a piece of work checks to learn whether it was interrupted.
package struct InterruptTicket: Sendable {
    fileprivate let signal: InterruptSignal
    fileprivate let start: UInt64
    fileprivate let other: InterruptSignal?
    fileprivate let otherStart: UInt64

    /// Throws `interrupted` when either signal was raised since the ticket was taken.
    @inline(__always)
    package func check() throws {
        if signal.current != start || (other.map { $0.current != otherStart } ?? false) {
            throw ToonDBError(.interrupted, "the statement was interrupted",
                              remediation: "run it again; nothing it changed was kept")
        }
    }
}
