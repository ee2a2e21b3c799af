import ToonCore
import ToonFormat
import ToonIndex
import ToonSQL
public import ToonStorage

// The names of lower modules that ToonDB's public API uses, so `import ToonDB`
// is all a user writes. Nothing else of those modules is visible through
// ToonDB; a module of this package that needs more imports it itself.

/// A JSON-like document value: metadata, graph properties, TOON and JSON documents (`ToonCore.Value`).
public typealias Value = ToonCore.Value
/// A dictionary that keeps its keys in insertion order: the members of a `Value.object`.
public typealias OrderedDictionary<Key: Hashable, Value> = ToonCore.OrderedDictionary<Key, Value>
/// What turns into a `Value` (strings, numbers, Booleans, dates, data, arrays, dictionaries, optionals).
public typealias ValueConvertible = ToonCore.ValueConvertible
/// What can be a key or a stored value's bytes (strings, substrings, byte arrays, `Data`).
public typealias ByteConvertible = ToonCore.ByteConvertible
/// Every error ToonDB throws: a matchable `code`, a `message`, an optional `remediation`.
public typealias ToonDBError = ToonCore.ToonDBError
/// The code of a `ToonDBError` (`.notFound`, `.policyDenied`, …): an open set of raw values.
public typealias ErrorCode = ToonCore.ErrorCode

/// A query result as rows of named columns, rendered as a table, JSON, CSV, TOON, ….
public typealias ResultSet = ToonFormat.ResultSet
/// The renderings of a `ResultSet`.
public typealias ResultFormat = ToonFormat.ResultFormat

/// How a collection's vectors are compared: `.cosine`, `.euclidean` or `.dotProduct`.
public typealias VectorMetric = ToonIndex.VectorMetric
/// How a collection's index stores vectors: `.none` (full precision), `.scalar8` or `.binary`.
public typealias VectorQuantization = ToonIndex.VectorQuantization
/// What a collection's vector index holds and the memory it takes.
public typealias VectorIndexStats = ToonIndex.VectorIndexStats
/// What verifying a collection's vector index graph found (slots, live elements, tombstones, layers).
public typealias HNSWGraphStats = ToonIndex.HNSWGraphStats
/// Figures of a collection's BM25 text index.
public typealias TextIndexStats = ToonIndex.TextIndexStats

/// The result of an SQL statement: column names and rows, or the rows changed.
public typealias SQLQueryResult = ToonSQL.SQLQueryResult
/// One row of an SQL result.
public typealias SQLRow = ToonSQL.SQLRow
/// An SQL value: NULL, integer, real, text or blob.
public typealias SQLValue = ToonSQL.SQLValue
/// The parameters bound to an SQL statement's `?`, `?N`, `:name`, `@name` and `$name`.
public typealias SQLArguments = ToonSQL.SQLArguments
/// What can be bound to an SQL parameter.
public typealias SQLValueConvertible = ToonSQL.SQLValueConvertible
/// A table, index, view or trigger of the SQL schema.
public typealias SQLSchemaEntry = ToonSQL.SQLSchemaEntry
/// What `Database.verify()` found for one SQL index.
public typealias SQLIndexVerification = ToonSQL.SQLIndexVerification

/// When a committed write reaches stable storage: `.full`, `.normal` or `.off` (README.md, "From Swift").
public typealias SyncMode = ToonStorage.SyncMode
