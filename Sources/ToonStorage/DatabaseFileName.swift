/// The names of the files in a database directory, built and parsed in this
/// one place (FORMAT.md "Files of a database directory").
package enum DatabaseFileName: Hashable, Sendable {
    /// `NNNNNN.log`: a write-ahead log.
    case log(UInt64)
    /// `NNNNNN.seg`: a segment file.
    case segment(UInt64)
    /// `MANIFEST`: the list of live segments and the counters.
    case manifest
    /// `MANIFEST.tmp`: a manifest being written (see ``FileSystem/replaceAtomically(_:_:)``).
    case manifestTemp
    /// `LOCK`: held by the process that has the database open.
    case lock

    /// Parses a name found in the directory; nil for a name that is not ours.
    package init?(_ name: String) {
        switch name {
        case "MANIFEST": self = .manifest
        case "MANIFEST.tmp": self = .manifestTemp
        case "LOCK": self = .lock
        default:
            let parts = name.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0].count >= 6, parts[0].allSatisfy({ $0 >= "0" && $0 <= "9" }),
                  let number = UInt64(parts[0]) else { return nil }
            switch parts[1] {
            case "log": self = .log(number)
            case "seg": self = .segment(number)
            default: return nil
            }
        }
    }

    /// The file's name: numbers are decimal, zero-padded to six digits.
    package var name: String {
        func numbered(_ n: UInt64, _ ext: String) -> String {
            let digits = String(n)
            return String(repeating: "0", count: max(0, 6 - digits.count)) + digits + "." + ext
        }
        switch self {
        case .log(let n): return numbered(n, "log")
        case .segment(let n): return numbered(n, "seg")
        case .manifest: return "MANIFEST"
        case .manifestTemp: return "MANIFEST.tmp"
        case .lock: return "LOCK"
        }
    }

    /// The file's path in the database directory `dir`.
    package func path(in dir: String) -> String { dir + "/" + name }

    /// The log number, when this is a log.
    package var logNumber: UInt64? {
        if case .log(let n) = self { return n }
        return nil
    }

    /// The segment number, when this is a segment.
    package var segmentNumber: UInt64? {
        if case .segment(let n) = self { return n }
        return nil
    }
}
