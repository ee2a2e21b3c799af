import Foundation
import ToonDB

extension Explorer {
    /// At most this many query buffers (Alt-1…9 reach them).
    static let maximumBuffers = 9

    /// Ctrl-T: a new, empty query buffer after the others, shown and edited.
    func newBuffer() {
        guard state.buffers.count < Self.maximumBuffers else {
            state.say("there are already \(Self.maximumBuffers) query buffers (Alt-1…9)", error: true)
            return
        }
        guard !worker.isRunning else { state.say("a query is running: Ctrl-C cancels it", error: true); return }
        state.buffers[state.buffer] = state.query
        var fresh = QueryState()
        fresh.history = state.query.history.positioned(at: state.query.history.entries.count)
        state.buffers.append(fresh)
        show(buffer: state.buffers.count - 1)
        state.say("query buffer \(state.buffer + 1) of \(state.buffers.count)")
    }

    /// Alt-N: shows buffer `index` with its own text, result and place in the history.
    func switchBuffer(to index: Int) {
        guard state.buffers.indices.contains(index), index != state.buffer else { return }
        guard !worker.isRunning else { state.say("a query is running: Ctrl-C cancels it", error: true); return }
        state.buffers[state.buffer] = state.query
        show(buffer: index)
        state.say("query buffer \(index + 1) of \(state.buffers.count)")
    }

    private func show(buffer index: Int) {
        var next = state.buffers[index]
        // One history for all buffers; each keeps its place in it.
        next.history = state.query.history.positioned(at: next.history.position)
        state.query = next
        state.buffer = index
        state.completion = nil
        focus(.query)
    }

    /// Every buffer's text, in order (what is kept between sessions).
    package var bufferTexts: [String] {
        state.buffers.indices.map { $0 == state.buffer ? state.query.editor.text : state.buffers[$0].editor.text }
    }

    /// Fills the buffers with `texts` (from the last session), showing the first.
    package func restoreBuffers(_ texts: [String]) {
        let kept = Array(texts.prefix(Self.maximumBuffers))
        guard !kept.isEmpty else { return }
        let history = state.query.history
        state.buffers = kept.map { text in
            var q = QueryState()
            q.editor.set(text)
            q.history = history
            return q
        }
        state.buffer = 0
        state.query = state.buffers[0]
    }
}
