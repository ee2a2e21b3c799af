import Foundation

extension AppState {
    /// `y` on a confirmation prompt.
    mutating func confirmed(_ what: Confirmable) -> [Effect] {
        switch what {
        case .quit:
            quitRequested = true
            return []
        case .delete(let key): return [.write(.delete(key: key))]
        case .put(let key, let value): return [.write(.put(key: key, value: value))]
        }
    }

    /// A confirmed write is done (or failed): show what changed.
    mutating func written(_ write: Write, error: String?) -> [Effect] {
        if let error {
            say(error, error: true)
            return []
        }
        switch write {
        case .delete(let key):
            say("deleted \(String(decoding: key, as: UTF8.self))")
            return refresh()
        case .put(let key, _):
            say("saved \(String(decoding: key, as: UTF8.self))")
            return selectionChanged()
        }
    }

    /// `y`: the full view's text, or the value.
    mutating func copyValue() -> [Effect] {
        if let d = detail { return [.copy(d.text, what: "the text (\(d.text.utf8.count) bytes)")] }
        guard let b = value.bytes else {
            say("nothing to copy here", error: true)
            return []
        }
        return [.copy(String(decoding: b, as: UTF8.self), what: "the value (\(b.count) bytes)")]
    }

    /// `Y`: the selected row's key path (or name).
    mutating func copyKey() -> [Effect] {
        guard let n = tree.node(atRow: treeRow) else { return [] }
        let text: String
        switch n.kind {
        case .path(let key, _): text = String(decoding: key, as: UTF8.self)
        case .document(let ns, let col, let id): text = "\(ns)/\(col)/\(id)"
        case .graphNode(_, let id): text = id
        default: text = n.name
        }
        return [.copy(text, what: text)]
    }

    /// `d`: asks before deleting the selected key.
    mutating func deleteKey() {
        guard case .path(let key, _)? = tree.node(atRow: treeRow)?.kind, value.key == key else {
            say("select a key holding a value to delete it", error: true)
            return
        }
        if readOnly {
            say("read-only: delete refused", error: true)
            return
        }
        prompt = .confirm("Delete \(String(decoding: key, as: UTF8.self))? (y/n)", .delete(key: key))
    }

    /// `e`: the value in the external editor (then a confirmation before saving).
    mutating func editValue() -> [Effect] {
        guard let key = value.key, let bytes = value.bytes else {
            say("select a key holding a value to edit it", error: true)
            return []
        }
        if readOnly {
            say("read-only: edit refused", error: true)
            return []
        }
        guard let old = String(validating: bytes, as: UTF8.self) else {
            say("the value is binary: it cannot be edited as text", error: true)
            return []
        }
        return [.editExternally(.value(key: key, old: old), suffix: value.shownMode == .json ? "json" : "txt")]
    }

    /// Ctrl-X Ctrl-E: the query (or search) text in `$VISUAL`/`$EDITOR`;
    /// what is saved replaces it (one final newline dropped).
    mutating func editBufferExternally() -> [Effect] {
        if focus == .search { return [.editExternally(.searchText(old: search.editor.text), suffix: "txt")] }
        return [.editExternally(.queryText(old: query.editor.text), suffix: "sql")]
    }

    /// The external editor closed.
    mutating func edited(_ target: EditTarget, _ outcome: EditorOutcome) {
        guard case .saved(var new) = outcome else {
            if outcome == .unavailable {
                say("no editor available", error: true)
            } else if case .value = target {
                say("the editor failed: nothing changed", error: true)
            } else {
                say("the editor failed: the text is unchanged", error: true)
            }
            return
        }
        switch target {
        case .value(let key, let old):
            guard new != old else { say("unchanged"); return }
            prompt = .confirm("Save the edited value of \(String(decoding: key, as: UTF8.self))? (y/n)",
                              .put(key: key, value: Array(new.utf8)))
            return
        case .queryText:
            if new.hasSuffix("\n") { new.removeLast() }
            query.editor.set(new)
        case .searchText:
            if new.hasSuffix("\n") { new.removeLast() }
            search.editor.set(new.replacingOccurrences(of: "\n", with: " "))
        }
        say(new == target.old ? "unchanged" : "text replaced from the editor")
    }
}
