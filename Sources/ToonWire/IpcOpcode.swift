/// The opcodes of the IPC wire protocol, as the original server and its
/// Python `IpcClient` speak it (`Sources/ToonWire/PROTOCOL.md` §3).
///
/// Requests go from client to server (0x01–0x0F); responses come back
/// (0x80–0x87). Every request gets exactly one response frame.
public enum IpcOpcode {
    // Requests.
    /// `u32 key_len | key | value` → OK.
    public static let put: UInt8 = 0x01
    /// `key` → VALUE (empty payload when absent).
    public static let get: UInt8 = 0x02
    /// `key` → OK (also for an absent key).
    public static let delete: UInt8 = 0x03
    /// empty → TXN_ID (the connection's next transaction id, from 1).
    public static let beginTransaction: UInt8 = 0x04
    /// `u64 txn_id` → TXN_ID (the commit's sequence number).
    public static let commitTransaction: UInt8 = 0x05
    /// `u64 txn_id` → OK.
    public static let abortTransaction: UInt8 = 0x06
    /// `u16 path_len | path | u32 limit | u32 offset | u16 n | (u16 len | col)*` → VALUE (compact TOON text).
    public static let query: UInt8 = 0x07
    /// `u16 name_len | name | u16 n | (u16 len | col | u8 type | u8 nullable)*` → OK.
    public static let createTable: UInt8 = 0x08
    /// path segments then the value → OK.
    public static let putPath: UInt8 = 0x09
    /// path segments → VALUE.
    public static let getPath: UInt8 = 0x0A
    /// `prefix` → VALUE (`u32 count | (u16 key_len | key | u32 value_len | value)*`).
    public static let scan: UInt8 = 0x0B
    /// empty → OK.
    public static let checkpoint: UInt8 = 0x0C
    /// empty → STATS_RESP (a JSON object).
    public static let stats: UInt8 = 0x0D
    /// empty → PONG.
    public static let ping: UInt8 = 0x0E
    /// UTF-8 SQL → VALUE (a JSON object; see ``IpcSession``).
    public static let executeSQL: UInt8 = 0x0F

    // Responses.
    /// Success without data.
    public static let ok: UInt8 = 0x80
    /// Failure; the payload is a UTF-8 message.
    public static let error: UInt8 = 0x81
    /// Success with data.
    public static let value: UInt8 = 0x82
    /// A `u64` transaction id or commit sequence number.
    public static let transactionID: UInt8 = 0x83
    /// Declared by the protocol but never sent.
    public static let row: UInt8 = 0x84
    /// Declared by the protocol but never sent.
    public static let endStream: UInt8 = 0x85
    /// Server statistics as JSON.
    public static let statsResponse: UInt8 = 0x86
    /// The answer to PING.
    public static let pong: UInt8 = 0x87

    /// The name of an opcode for messages (`PUT`, `0x42` when unknown).
    public static func name(_ op: UInt8) -> String {
        switch op {
        case put: return "PUT"
        case get: return "GET"
        case delete: return "DELETE"
        case beginTransaction: return "BEGIN_TXN"
        case commitTransaction: return "COMMIT_TXN"
        case abortTransaction: return "ABORT_TXN"
        case query: return "QUERY"
        case createTable: return "CREATE_TABLE"
        case putPath: return "PUT_PATH"
        case getPath: return "GET_PATH"
        case scan: return "SCAN"
        case checkpoint: return "CHECKPOINT"
        case stats: return "STATS"
        case ping: return "PING"
        case executeSQL: return "EXECUTE_SQL"
        case ok: return "OK"
        case error: return "ERROR"
        case value: return "VALUE"
        case transactionID: return "TXN_ID"
        case row: return "ROW"
        case endStream: return "END_STREAM"
        case statsResponse: return "STATS_RESP"
        case pong: return "PONG"
        default: return hex(op)
        }
    }

    /// `0x42`: the way the original server prints an opcode (Rust's `{:#x}`).
    public static func hex(_ op: UInt8) -> String { "0x" + String(op, radix: 16) }
}
