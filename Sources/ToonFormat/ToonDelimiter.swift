/// The character that separates the values of a TOON array row (TOON spec §11).
package enum ToonDelimiter: String, Sendable, CaseIterable {
    /// `,` — the default; headers carry no delimiter symbol.
    case comma
    /// A horizontal tab; headers carry it inside brackets and braces.
    case tab
    /// `|`; headers carry it inside brackets and braces.
    case pipe

    /// The delimiter's byte.
    package var byte: UInt8 {
        switch self {
        case .comma: return UInt8(ascii: ",")
        case .tab: return 0x09
        case .pipe: return UInt8(ascii: "|")
        }
    }

    /// The delimiter as text.
    package var character: String {
        switch self {
        case .comma: return ","
        case .tab: return "\t"
        case .pipe: return "|"
        }
    }

    /// The symbol a header's bracket segment carries: nothing for comma.
    var headerSymbol: String { self == .comma ? "" : character }
}
