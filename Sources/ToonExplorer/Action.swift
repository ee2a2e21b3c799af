/// What a key asks the explorer to do; the ``KeyMap`` maps keys to actions
/// and ``AppState/reduce(_:keyMap:)`` carries them out.
package enum Action: String, Sendable, CaseIterable, Hashable {
    case quit, cancel, help, commandLine
    case nextPane, previousPane
    case focusKeys, focusValue, focusQuery, focusSearch, focusGraph, focusStats
    case zoom, back
    case up, down, top, bottom, halfPageDown, halfPageUp, pageDown, pageUp
    case left, right, lineStart, lineEnd
    case open, refresh, copyValue, copyKey, edit, delete
    case filter, nextMatch, previousMatch
    case cycleValueMode, toggleMouse, widenTree, narrowTree
    case run, editInput, previousPage, nextPage, export
    case increase, decrease, cycleSearchMode
    case historySearch, externalEditor, complete, explainPlan, newBuffer, switchBuffer
    case viWordForward, viWordBackward, viWordEnd, viDeleteCharacter, viDeleteLine, viDeleteWord, viChangeWord
    case viPaste, viUndo, viInsert, viAppend, viAppendAtEnd, viInsertAtStart, viOpenLine, viHistorySearch
}
