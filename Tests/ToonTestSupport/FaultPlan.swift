#if canImport(Glibc)
import Glibc
#endif
import ToonCore

/// When and how a fault-injecting file system fails. Calls are numbered
/// from 1 in the order they reach the file system; only calls that change
/// something (create, open for writing, append, preallocate, truncate, sync,
/// rename, remove, close) are counted.
public struct FaultPlan: Sendable {
    /// What happens at the chosen call.
    public enum Fault: Sendable, Equatable {
        /// The call fails with this errno and does nothing; later calls work.
        case error(Int32)
        /// An append writes only its first `bytes` bytes, then fails with
        /// this errno (a short write); later calls work.
        case shortWrite(bytes: Int, errno: Int32)
        /// The machine stops: the call does not happen (an append first
        /// writes its first `tornBytes` bytes) and every later call fails.
        /// ``MemoryFileSystem/afterCrash(keepingUnsynced:)`` then gives what
        /// the disk holds.
        case crash(tornBytes: Int)
    }

    /// The call the fault strikes, counted from 1; nil: none.
    public var call: Int?
    /// The fault.
    public var fault: Fault = .error(EIO)

    /// No fault.
    public init() {}

    /// `fault` at call number `call`.
    public init(at call: Int, _ fault: Fault) {
        self.call = call
        self.fault = fault
    }
}

/// The bookkeeping shared by the fault-injecting file systems: counts calls
/// and says which fault, if any, strikes this one.
struct FaultCounter {
    var plan = FaultPlan()
    /// Counted calls so far.
    var calls = 0
    /// Whether a crash happened (every later call fails).
    var crashed = false

    /// Counts one call; the fault to apply to it, if any.
    mutating func next() -> FaultPlan.Fault? {
        if crashed { return .crash(tornBytes: 0) }
        calls += 1
        guard calls == plan.call else { return nil }
        if case .crash = plan.fault { crashed = true }
        return plan.fault
    }
}

extension ToonDBError {
    /// The error a faulty call reports.
    static func injected(_ fault: FaultPlan.Fault, path: String) -> ToonDBError {
        switch fault {
        case .error(let e), .shortWrite(_, let e): return .io("injected fault", path: path, errno: e)
        case .crash: return .io("the machine crashed", path: path, errno: EIO)
        }
    }
}
