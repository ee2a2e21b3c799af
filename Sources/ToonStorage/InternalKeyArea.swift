/// The one table of the key space's internal areas. Every internal key
/// begins with a NUL byte and one of these tags, then `/`; user keys may
/// not begin with NUL, so no user key reaches into an area. The modules
/// above build their keys from these prefixes (ToonSQL's `KeyEncoding`,
/// ToonDB's `KeySpace`); ARCHITECTURE.md, "Key space", lists what each holds.
///
/// | prefix | area | built in |
/// |---|---|---|
/// | `\0s/` | SQL table rows | ToonSQL `KeyEncoding.rowPrefix` |
/// | `\0i/` | SQL index entries | ToonSQL `KeyEncoding.indexPrefix` |
/// | `\0c/` | SQL catalog | ToonSQL `KeyEncoding.catalogKey` |
/// | `\0N/` | namespace records | ToonDB `KeySpace.namespaceRecords` |
/// | `\0n/` | namespaces' data (key-value, collections, graph) | ToonDB `KeySpace.namespace` |
/// | `\0a/` | audit log | ToonDB `KeySpace.audit` |
package enum InternalKeyArea: UInt8, CaseIterable, Sendable {
    case sqlRows = 0x73          // s
    case sqlIndexes = 0x69       // i
    case sqlCatalog = 0x63       // c
    case namespaceRecords = 0x4E // N
    case namespaces = 0x6E       // n
    case audit = 0x61            // a

    /// `\0<tag>/`: the first bytes of every key of the area.
    package var prefix: [UInt8] { [0, rawValue, 0x2F] }
}
