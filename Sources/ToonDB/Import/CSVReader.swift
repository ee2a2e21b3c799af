import ToonCore

/// Reads RFC 4180 CSV: fields separated by commas, records by CRLF or LF,
/// fields optionally in double quotes (a quote inside written twice; commas
/// and line breaks allowed inside). Each record carries the line it starts on.
public struct CSVReader: Sendable {
    /// A record and the 1-based line it starts on.
    public struct Record: Sendable, Equatable {
        public var line: Int
        public var fields: [String]
    }

    /// Every record of `bytes`, the header included. A quote that is never
    /// closed, or text after a closing quote, is an error naming the line.
    public static func records(_ bytes: [UInt8]) throws -> [Record] {
        var out: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1, recordLine = 1
        var i = 0
        var inQuotes = false, wasQuoted = false, fieldStarted = false
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            wasQuoted = false
            fieldStarted = false
        }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) { out.append(Record(line: recordLine, fields: fields)) }
            fields = []
        }
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if inQuotes {
                if b == UInt8(ascii: "\"") {
                    if i + 1 < n, bytes[i + 1] == UInt8(ascii: "\"") { field.append(b); i += 2; continue }
                    inQuotes = false
                } else {
                    if b == 10 { line += 1 }
                    field.append(b)
                }
                i += 1
                continue
            }
            switch b {
            case UInt8(ascii: ","):
                endField()
                fieldStarted = true
            case 13 where i + 1 < n && bytes[i + 1] == 10:
                break
            case 10:
                endRecord()
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
            i += 1
        }
        if inQuotes {
            throw ToonDBError(.invalidArgument, "line \(recordLine): a quoted CSV field is never closed",
                              remediation: "close the quote")
        }
        if !field.isEmpty || !fields.isEmpty || wasQuoted || fieldStarted { endRecord() }
        return out
    }
}
