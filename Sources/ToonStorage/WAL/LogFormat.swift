/// Constants of the write-ahead log (FORMAT.md §2).
enum LogFormat {
    /// The log is a sequence of 32 KiB blocks.
    static let blockSize = 32 * 1024
    /// `masked crc32c (4) ‖ length (2) ‖ type (1)`.
    static let headerSize = 7

    /// Where a fragment sits in its logical record.
    enum RecordType: UInt8 {
        case full = 1, first = 2, middle = 3, last = 4
    }
}
