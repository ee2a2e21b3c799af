import ToonCore

/// Loads JSON Lines or CSV into the key space, a SQL table or a collection
/// (toondb(1), IMPORT AND EXPORT), reading its input a chunk at a time so
/// memory stays the same however large the input is.
///
/// Records are written in transactions of ``batchSize`` records. When the
/// input can be read twice (a file), a first pass checks every record, so a
/// bad line is reported with its number before anything is written; a record
/// that fails only when written (a constraint) keeps the batches committed
/// before its own. Standard input is read once: a bad line ends the import
/// there, keeping the batches before that line's batch, and the error says
/// how many records were committed. ``atomic`` writes everything in one
/// transaction instead, holding every record in memory until it commits.
///
/// Record shapes:
/// - kv: `{"key": …, "value": …}` (a value that is not a string is stored as
///   its JSON text); CSV columns `key,value`.
/// - table: each object's members are columns; a table that does not exist is
///   created with the first record's columns. CSV cells that read as whole
///   or decimal numbers are numbers, empty cells are NULL. Values are bound
///   as parameters of one `INSERT` per column list.
/// - collection: `id`, `vector`, the content field and metadata (see ``DocumentRecord``);
///   in CSV the vector cell holds a JSON array.
public struct Importer: Sendable {
    /// Where records go.
    public var target: ImportTarget
    /// The input's format (``TransferFormat/jsonl`` or ``TransferFormat/csv``).
    public var format: TransferFormat
    /// Records per transaction (at least 1; 10,000 unless set).
    public var batchSize: Int
    /// Whether every record is written in one transaction, all or nothing;
    /// the records are then held in memory until it commits.
    public var atomic: Bool

    /// The default ``batchSize``.
    public static let defaultBatchSize = 10_000

    /// What an import did.
    public struct Report: Sendable, Equatable {
        /// Records written.
        public var records: Int
        /// Transactions committed.
        public var batches: Int
    }

    /// How far an import has come.
    public struct Progress: Sendable, Equatable {
        /// What the import is doing.
        public enum Phase: Sendable, Equatable {
            /// The first pass over a file, checking every record.
            case checking
            /// Reading and writing the records.
            case writing
        }

        /// What the import is doing.
        public var phase: Phase
        /// Bytes of the input read in this phase.
        public var bytesRead: Int
        /// The input's size, when known.
        public var totalBytes: Int?
        /// Records read in this phase.
        public var records: Int
    }

    /// An importer.
    public init(target: ImportTarget, format: TransferFormat, batchSize: Int = Importer.defaultBatchSize, atomic: Bool = false) {
        self.target = target
        self.format = format
        self.batchSize = batchSize
        self.atomic = atomic
    }

    /// Imports `input` into `database`; `progress` is called when each phase
    /// starts and often as records are read (draw at most as often as you like).
    @discardableResult
    public func run(_ input: ImportInput, into database: Database, progress: (Progress) -> Void = { _ in }) throws -> Report {
        if !atomic, batchSize < 1 {
            throw ToonDBError(.invalidArgument, "--batch-size must be at least 1, not \(batchSize)")
        }
        let writer = try ImportWriter(target: target, database: database)
        let checkedFirst = !atomic && input.isRereadable
        if checkedFirst { try check(input, writer, progress) }

        var reader = try ImportRecordReader(try input.open(), format: format, target: target)
        let size = atomic ? Int.max : batchSize
        var batch: [ImportRecordReader.Record] = []
        var committed = 0, batches = 0
        func report() { progress(Progress(phase: .writing, bytesRead: reader.bytesRead, totalBytes: input.size, records: committed + batch.count)) }
        func flush() throws {
            try writer.write(batch)
            committed += batch.count
            batches += 1
            batch.removeAll(keepingCapacity: true)
            report()
        }
        report()
        do {
            while let record = try reader.next() {
                if !checkedFirst { try writer.check(record) }
                batch.append(record)
                if batch.count == size { try flush() } else if batch.count % Self.progressEvery == 0 { report() }
            }
            if !batch.isEmpty { try flush() }
        } catch let e as ToonDBError where committed > 0 {
            throw ToonDBError(e.code, e.message + "; the \(committed) records before its batch were committed",
                              remediation: e.remediation)
        }
        return Report(records: committed, batches: batches)
    }

    /// Records between two progress reports within a batch.
    static let progressEvery = 1000

    /// The first pass: every record read and checked, nothing written.
    private func check(_ input: ImportInput, _ writer: ImportWriter, _ progress: (Progress) -> Void) throws {
        var reader = try ImportRecordReader(try input.open(), format: format, target: target)
        var records = 0
        func report() { progress(Progress(phase: .checking, bytesRead: reader.bytesRead, totalBytes: input.size, records: records)) }
        report()
        while let record = try reader.next() {
            try writer.check(record)
            records += 1
            if records % Self.progressEvery == 0 { report() }
        }
        report()
    }
}
