import Foundation
import ToonCommands
import ToonCore
import ToonDB

extension Explorer {
    /// Carries out one effect; returns the message that brings its result
    /// back to the reducer (nil when it has none to bring).
    func run(_ effect: Effect) -> Message? {
        switch effect {
        case .loadChildren(let load):
            return .childrenLoaded(load, Result { try source.treePage(of: load.kind, after: load.after) }.mapError { LoadError($0) })
        case .loadValue(let kind): return .valueLoaded(source.valueContent(of: kind))
        case .loadSearchHit(let ns, let col, let hit):
            return .searchHitLoaded(source.searchHitDetail(namespace: ns, collection: col, hit: hit))
        case .loadStats: return .statsLoaded(source.statsLines(), at: .now)
        case .loadGraph(let request):
            let (rows, error) = source.neighbourhood(request)
            return .graphLoaded(rows: rows, error: error)
        case .search(let request): return .searchFinished(source.search(request))
        case .runQuery(let text):
            worker.start(text, runner: runner)
            return nil
        case .cancelQuery:
            worker.cancel()
            source.interruptSQL()
            return nil
        case .releaseOutput(let box):
            NativeThread.startOrRun("toondb-release") { box.release() }
            return nil
        case .readTransaction(let quitting):
            let open = source.inTransaction
            return .transactionRead(TransactionStatus(open: open, pendingWrites: open ? source.pendingWrites : 0), quitting: quitting)
        case .copy(let text, let what): return .copied(what: what, how: copyToClipboard(text))
        case .editExternally(let target, let suffix):
            guard let edit = editExternally else { return .edited(target, .unavailable) }
            return .edited(target, edit(target.old, suffix).map(EditorOutcome.saved) ?? .failed)
        case .write(let write):
            do {
                switch write {
                case .delete(let key): try source.delete(key)
                case .put(let key, let value): try source.put(key, value)
                }
                return .written(write, error: nil)
            } catch {
                return .written(write, error: "\(error)")
            }
        case .export(let path, let text, let rows, let format):
            let ok = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
            return .exported(path: path, rows: rows, format: format, ok: ok)
        case .complete(let request): return .completions(request, request.candidates(Completer(source: source)))
        }
    }
}
