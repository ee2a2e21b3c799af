/// How fresh a collection's vector index must be for a search
/// (``VectorCollection/search(vector:k:filter:efSearch:rerank:consistency:)``).
///
/// It matters only for a database that several processes write (on etcd):
/// each process keeps its own vector index and applies the others' writes
/// as etcd delivers them, typically within milliseconds. In a database in a
/// directory this process is the only writer and both are the same.
public enum SearchConsistency: Sendable {
    /// Search the index as it is: another process's write of the last moments may be missing.
    case eventual
    /// First wait until the index reflects every commit up to now (one
    /// request to etcd, then at most 10 seconds; `unavailable` after that).
    case latest
}
