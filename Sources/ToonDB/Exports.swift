@_exported import ToonCore
@_exported import ToonFormat
@_exported import struct ToonSQL.SQLQueryResult
@_exported import struct ToonSQL.SQLRow
@_exported import enum ToonSQL.SQLValue
@_exported import struct ToonSQL.SQLArguments
@_exported import struct ToonSQL.ParsedStatement
@_exported import protocol ToonSQL.SQLValueConvertible
@_exported import struct ToonSQL.SQLSchemaEntry
@_exported import struct ToonSQL.SQLIndexVerification
import ToonStorage

/// When a committed write reaches stable storage: `.full`, `.normal` or `.off` (README.md, "From Swift").
public typealias SyncMode = ToonStorage.SyncMode
@_exported import ToonIndex
