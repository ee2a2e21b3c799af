import ToonCore

/// Reads RFC 4180 CSV: fields separated by commas, records by CRLF or LF,
/// fields optionally in double quotes (a quote inside written twice; commas
/// and line breaks allowed inside). Each record carries the line it starts on.
///
/// The reader is incremental: ``feed(_:_:)`` takes the input in pieces cut
/// anywhere (inside a quoted field, between a CR and its LF, between two
/// quotes) and hands each record on as soon as it is complete, so it holds
/// only the record being read; ``finish(_:)`` ends the input.
public struct CSVReader: Sendable {
    /// A record and the 1-based line it starts on.
    public struct Record: Sendable, Equatable {
        public var line: Int
        public var fields: [String]
    }

    private var fields: [String] = []
    private var field: [UInt8] = []
    private var line = 1, recordLine = 1
    private var inQuotes = false, wasQuoted = false, fieldStarted = false
    /// A quote was read inside a quoted field: it closes the field unless the next byte is another quote.
    private var quotePending = false
    /// A CR was read outside quotes: it ends the record when the next byte is LF.
    private var carriageReturnPending = false

    /// A reader at the start of its input.
    public init() {}

    /// Every record of `bytes`, the header included.
    public static func records(_ bytes: [UInt8]) throws -> [Record] {
        var reader = CSVReader()
        var out: [Record] = []
        try reader.feed(bytes[...]) { out.append($0) }
        try reader.finish { out.append($0) }
        return out
    }

    /// Reads the next piece of the input, calling `emit` for each record it completes.
    /// A quote inside an unquoted field, or text after a closing quote, is an error naming the line.
    public mutating func feed(_ bytes: ArraySlice<UInt8>, _ emit: (Record) throws -> Void) throws {
        for b in bytes { try take(b, emit) }
    }

    /// Ends the input, calling `emit` for a last record without a line break.
    /// A quote that is never closed is an error naming the line the record starts on.
    public mutating func finish(_ emit: (Record) throws -> Void) throws {
        if quotePending {
            quotePending = false
            inQuotes = false
        }
        if carriageReturnPending {
            carriageReturnPending = false
            try plain(13, emit)
        }
        if inQuotes {
            throw ToonDBError(.invalidArgument, "line \(recordLine): a quoted CSV field is never closed",
                              remediation: "close the quote")
        }
        if !field.isEmpty || !fields.isEmpty || wasQuoted || fieldStarted { try endRecord(emit) }
    }

    private mutating func take(_ b: UInt8, _ emit: (Record) throws -> Void) throws {
        if quotePending {
            quotePending = false
            if b == UInt8(ascii: "\"") {
                field.append(b)
                return
            }
            inQuotes = false
        } else if inQuotes {
            if b == UInt8(ascii: "\"") {
                quotePending = true
            } else {
                if b == 10 { line += 1 }
                field.append(b)
            }
            return
        }
        if carriageReturnPending {
            carriageReturnPending = false
            if b == 10 { return try plain(b, emit) }
            try plain(13, emit)
        }
        if b == 13 {
            carriageReturnPending = true
            return
        }
        try plain(b, emit)
    }

    /// A byte outside quotes.
    private mutating func plain(_ b: UInt8, _ emit: (Record) throws -> Void) throws {
        switch b {
        case UInt8(ascii: ","):
            endField()
            fieldStarted = true
        case 10:
            try endRecord(emit)
            line += 1
            recordLine = line
        case UInt8(ascii: "\""):
            guard field.isEmpty, !wasQuoted else {
                throw ToonDBError(.invalidArgument, "line \(line): a quote inside an unquoted CSV field",
                                  remediation: "quote the whole field and double the quotes inside it")
            }
            inQuotes = true
            wasQuoted = true
        default:
            if wasQuoted {
                throw ToonDBError(.invalidArgument, "line \(line): text after the closing quote of a CSV field",
                                  remediation: "put the whole field inside the quotes")
            }
            field.append(b)
        }
    }

    private mutating func endField() {
        fields.append(String(decoding: field, as: UTF8.self))
        field.removeAll(keepingCapacity: true)
        wasQuoted = false
        fieldStarted = false
    }

    /// Ends a record; a blank line is no record.
    private mutating func endRecord(_ emit: (Record) throws -> Void) throws {
        endField()
        let record = fields
        fields = []
        if !(record.count == 1 && record[0].isEmpty) { try emit(Record(line: recordLine, fields: record)) }
    }
}
