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

    /// A ticket for work starting now.
    package func ticket() -> InterruptTicket {
        InterruptTicket(signal: self, start: generation.load(ordering: .relaxed))
    }

    fileprivate var current: UInt64 { generation.load(ordering: .relaxed) }
}

/// What a piece of work checks to learn whether it was interrupted.
package struct InterruptTicket: Sendable {
    fileprivate let signal: InterruptSignal
    fileprivate let start: UInt64

    /// Throws `interrupted` when ``InterruptSignal/interrupt()`` was called since the ticket was taken.
    @inline(__always)
    package func check() throws {
        if signal.current != start {
            throw ToonDBError(.interrupted, "the statement was interrupted",
                              remediation: "run it again; nothing it changed was kept")
        }
    }
}
