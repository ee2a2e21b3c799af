import Foundation
import ToonDB

extension AppState {
    /// At most this many query buffers (Alt-1…9 reach them).
    static let maximumBuffers = 9

    /// Ctrl-T: a new, empty query buffer after the others, shown and edited.
    mutating func newBuffer() -> [Effect] {
        guard buffers.count < Self.maximumBuffers else {
            say("there are already \(Self.maximumBuffers) query buffers (Alt-1…9)", error: true)
            return []
        }
        guard !query.running else { say("a query is running: Ctrl-C cancels it", error: true); return [] }
        buffers[buffer] = query
        var fresh = QueryState()
        fresh.history = query.history.positioned(at: query.history.entries.count)
        buffers.append(fresh)
        let effects = show(buffer: buffers.count - 1)
        say("query buffer \(buffer + 1) of \(buffers.count)")
        return effects
    }

    /// Alt-N: shows buffer `index` with its own text, result and place in the history.
    mutating func switchBuffer(to index: Int) -> [Effect] {
        guard buffers.indices.contains(index), index != buffer else { return [] }
        guard !query.running else { say("a query is running: Ctrl-C cancels it", error: true); return [] }
        buffers[buffer] = query
        let effects = show(buffer: index)
        say("query buffer \(index + 1) of \(buffers.count)")
        return effects
    }

    private mutating func show(buffer index: Int) -> [Effect] {
        var next = buffers[index]
        // One history for all buffers; each keeps its place in it.
        next.history = query.history.positioned(at: next.history.position)
        query = next
        buffer = index
        completion = nil
        return focus(.query)
    }

    /// Every buffer's text, in order (what is kept between sessions).
    package var bufferTexts: [String] {
        buffers.indices.map { $0 == buffer ? query.editor.text : buffers[$0].editor.text }
    }

    /// Fills the buffers with `texts` (from the last session), showing the first.
    package mutating func restoreBuffers(_ texts: [String]) {
        let kept = Array(texts.prefix(Self.maximumBuffers))
        guard !kept.isEmpty else { return }
        let history = query.history
        buffers = kept.map { text in
            var q = QueryState()
            q.editor.set(text)
            q.history = history
            return q
        }
        buffer = 0
        query = buffers[0]
    }
}
