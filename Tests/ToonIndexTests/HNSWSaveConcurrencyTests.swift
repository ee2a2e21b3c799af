import Dispatch
import Foundation
import Testing
import ToonCore
import ToonIndex
import ToonTestSupport

/// A save holds inserts back but not searches: the graph is repaired under
/// the exclusive lock, then written and synced under the shared one. The
/// save is held inside its file sync (``MemoryFileSystem/setSyncHook(_:)``)
/// while the test searches and inserts.
@Suite struct HNSWSaveConcurrencyTests {
    @Test func searchesAnswerWhileASaveWritesAndInsertsWaitForIt() throws {
        let data = VectorTestData(count: 3000, dimension: 8, queries: 1, seed: 5)
        let index = try data.index(.euclidean, m: 8, efConstruction: 40, threads: 2)
        let fs = MemoryFileSystem()
        let inSync = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
        fs.setSyncHook { path in
            if path.hasSuffix(".tmp") {
                inSync.signal()
                release.wait()
            }
        }
        try fs.createDirectory("/v")
        let saved = DispatchSemaphore(value: 0)
        let saveError = Counter()
        DispatchQueue.global().async {
            do { try index.write(to: "/v/index.hnsw", fileSystem: fs) } catch { saveError.add() }
            saved.signal()
        }
        #expect(inSync.wait(timeout: .now() + 60) == .success, "the save reached its sync")

        // Searches answer while the save is held…
        let searched = DispatchSemaphore(value: 0)
        let wrong = Counter()
        DispatchQueue.global().async {
            for i in 0..<200 where (try? index.search(data.rows[i], k: 1).first?.label) != UInt64(i) { wrong.add() }
            searched.signal()
        }
        let searchesRan = searched.wait(timeout: .now() + 60) == .success
        #expect(searchesRan, "searches were blocked by the save")
        #expect(wrong.value == 0)

        // …and an insert waits for it.
        let inserted = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            try? index.insert([Float](repeating: 0.5, count: 8), label: 1_000_000)
            inserted.signal()
        }
        #expect(inserted.wait(timeout: .now() + 0.3) == .timedOut, "an insert changed the graph during the save")
        release.signal()
        #expect(saved.wait(timeout: .now() + 60) == .success)
        #expect(inserted.wait(timeout: .now() + 60) == .success)
        #expect(saveError.value == 0)
        if !searchesRan { _ = searched.wait(timeout: .now() + 60) }

        // The file holds the graph as it was when the save began.
        let loaded = try HNSWIndex.load(from: "/v/index.hnsw", fileSystem: fs)
        #expect(loaded.count == data.rows.count)
        #expect(!loaded.contains(label: 1_000_000))
        #expect(try loaded.verify().live == data.rows.count)
    }
}
