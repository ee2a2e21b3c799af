import ToonCore
internal import ToonStorage

/// A lazy cursor over a key range of an etcd backend: `Range` requests of
/// one page each, all at the same revision (the snapshot's, or that of the
/// first page when it reads the latest), so memory stays one page whatever
/// the size of the range.
package final class EtcdCursor: EntryCursor {
    private let backend: EtcdBackend
    private let upper: [UInt8]?
    private var revision: Int64?
    private var page: [(key: [UInt8], value: [UInt8])] = []
    private var index = 0
    /// Where the next page starts (a database key), nil when the range is read out.
    private var nextStart: [UInt8]?

    init(backend: EtcdBackend, lower: [UInt8], upper: [UInt8]?, revision: Int64?) {
        self.backend = backend
        self.upper = upper
        self.revision = revision
        nextStart = lower
    }

    package func seek(_ key: [UInt8]) {
        page = []
        index = 0
        nextStart = key
    }

    package func next() throws -> (key: [UInt8], value: [UInt8])? {
        while index == page.count {
            guard let start = nextStart else { return nil }
            try fetch(from: start)
        }
        defer { index += 1 }
        return page[index]
    }

    package func nextEntry(_ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> Void) throws -> Bool {
        guard let e = try next() else { return false }
        try e.key.withUnsafeBytes { k in try e.value.withUnsafeBytes { v in try body(k, v) } }
        return true
    }

    private func fetch(from start: [UInt8]) throws {
        let p = backend.keyPrefix.count
        let result = try backend.client.range(backend.stored(start), rangeEnd: backend.storedEnd(upper),
                                              revision: revision ?? 0, limit: Int64(backend.pageSize))
        if revision == nil { revision = result.revision }
        page = result.kvs.map { (Array($0.key.dropFirst(p)), $0.value) }
        if let revision { backend.learn(zip(page, result.kvs).map { ($0.0.key, $0.1.modRevision) }, at: UInt64(revision)) }
        index = 0
        nextStart = result.more ? page.last.map { $0.key + [0] } : nil
    }
}
