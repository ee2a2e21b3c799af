import ToonCore
import ToonIndex
import ToonStorage

/// A file for the `wal`, `segment`, `manifest` and `hnsw` targets, read by
/// the engine's own reader. The input's first byte chooses the mode: when
/// odd, the file's checksums are rewritten to match its bytes first (see
/// ``ChecksumRepair``), so that changes reach the checks behind them; the
/// rest of the input is the file. A read must end normally or throw a
/// `corruption` error naming the file: any other error stops the run.
struct DamagedFile {
    let target: FuzzTarget
    let path: String
    var bytes: [UInt8]

    init(_ target: FuzzTarget, input: [UInt8]) {
        self.target = target
        bytes = Array(input.dropFirst())
        switch target {
        case .wal: path = "fuzz/000003.log"
        case .segment: path = "fuzz/000004.seg"
        case .manifest: path = "fuzz/MANIFEST"
        default: path = "fuzz/index.hnsw"
        }
        if let mode = input.first, mode & 1 == 1 {
            switch target {
            case .wal: ChecksumRepair.log(&bytes)
            case .segment: ChecksumRepair.segment(&bytes)
            default: ChecksumRepair.trailing(&bytes)
            }
        }
    }

    /// Reads the file: a `corruption` error naming it is an answer, any other error stops the run.
    func read() {
        do {
            try readThrowing()
        } catch let error as ToonDBError where error.code == .corruption && error.message.contains(path) {
            return
        } catch {
            fatalError("toondb-fuzz \(target.rawValue): not a corruption error naming the file: \(error)")
        }
    }

    /// Reads the file with the engine's reader, throwing what it throws.
    func readThrowing() throws {
        switch target {
        case .wal: _ = try StorageFileCheck.replayLog(bytes, path: path)
        case .segment: _ = try StorageFileCheck.readSegment(bytes, path: path)
        case .manifest: _ = try StorageFileCheck.readManifest(bytes, path: path)
        default:
            let index = try HNSWIndex.load(bytes: bytes, path: path)
            _ = try? index.verify()
            _ = try index.search([Float](repeating: 0.5, count: index.parameters.dimension), k: 3)
        }
    }
}
