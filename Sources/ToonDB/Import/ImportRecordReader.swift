import ToonCore

/// The records of one reading of an import's input, one at a time: JSON
/// Lines read line by line, CSV through an incremental ``CSVReader`` (the
/// records of one chunk at most are held). Errors name the line at fault.
struct ImportRecordReader {
    /// A parsed record and the line it starts on.
    typealias Record = (line: Int, object: OrderedDictionary<String, Value>)

    private let stream: ChunkStream
    private let target: ImportTarget
    private var lines: ChunkedLineReader?
    private var csv = CSVReader()
    private var header: CSVReader.Record?
    private var pending: [CSVReader.Record] = []
    private var pendingIndex = 0
    private var csvDone = false

    /// Bytes of the input read so far.
    var bytesRead: Int { stream.bytesRead }

    init(_ stream: ChunkStream, format: TransferFormat, target: ImportTarget) throws {
        self.stream = stream
        self.target = target
        switch format {
        case .jsonl: lines = ChunkedLineReader(stream)
        case .csv: lines = nil
        case .toon:
            throw ToonDBError(.invalidArgument, "imports read jsonl or csv, not toon",
                              remediation: "convert it with toondb toon decode first")
        }
    }

    /// The next record, or nil after the last.
    mutating func next() throws -> Record? {
        if lines != nil { return try nextJSONLine() }
        return try nextCSVRecord()
    }

    // MARK: JSON Lines

    private mutating func nextJSONLine() throws -> Record? {
        while let (number, text) = try lines!.next() {
            if text.allSatisfy({ $0 == 32 || $0 == 9 }) { continue }
            let value: Value
            do { value = try Value(jsonBytes: Array(text)) } catch let e as ToonDBError {
                throw ToonDBError(.invalidArgument, "line \(number): not valid JSON: \(e.message)", remediation: "fix that line of the file")
            }
            guard case .object(let o) = value else {
                throw ToonDBError(.invalidArgument, "line \(number): expected a JSON object, found \(Self.kind(value))",
                                  remediation: "write one JSON object per line")
            }
            return (number, o)
        }
        return nil
    }

    // MARK: CSV

    private mutating func nextCSVRecord() throws -> Record? {
        while true {
            while pendingIndex < pending.count {
                let row = pending[pendingIndex]
                pendingIndex += 1
                guard let header else {
                    try Self.checkHeader(row)
                    header = row
                    continue
                }
                return try object(row, header)
            }
            pendingIndex = 0
            if csvDone { return nil }
            var read: [CSVReader.Record] = []
            if let chunk = try stream.next() {
                try csv.feed(chunk) { read.append($0) }
            } else {
                try csv.finish { read.append($0) }
                csvDone = true
            }
            pending = read
        }
    }

    private static func checkHeader(_ header: CSVReader.Record) throws {
        var seen = Set<String>()
        for name in header.fields where !seen.insert(name).inserted || name.isEmpty {
            throw ToonDBError(.invalidArgument, "line \(header.line): the CSV header \(name.isEmpty ? "has an empty column name" : "repeats the column \(name.debugDescription)")")
        }
    }

    private func object(_ row: CSVReader.Record, _ header: CSVReader.Record) throws -> Record {
        guard row.fields.count == header.fields.count else {
            throw ToonDBError(.invalidArgument, "line \(row.line): \(row.fields.count) fields, but the header has \(header.fields.count)",
                              remediation: "give every row as many fields as the header")
        }
        var o = OrderedDictionary<String, Value>()
        for (name, cell) in zip(header.fields, row.fields) { o[name] = cellValue(name, cell) }
        return (row.line, o)
    }

    /// A CSV cell as a value: kept as text for keys, values and ids; else numbers as numbers, empty as NULL.
    private func cellValue(_ column: String, _ cell: String) -> Value {
        switch target {
        case .kv: return .string(cell)
        case .collection where column == "id" || column == "vector": return .string(cell)
        default:
            if cell.isEmpty { return .null }
            if let i = Int64(cell) { return .int(i) }
            if let d = Double(cell), d.isFinite, cell.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) { return .double(d) }
            return .string(cell)
        }
    }

    static func kind(_ v: Value) -> String {
        switch v {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int, .double: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}
