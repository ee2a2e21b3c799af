import Foundation
import Testing
import ToonDB
@testable import ToonExplorer

/// The keys tree and the value pane driven through ``AppState/reduce(_:keyMap:)``
/// alone: no data source, no terminal; the test answers each load itself.
@Suite struct ReducerTreeTests {
    @Test func startLoadsTheKeysSectionAndShowsIt() {
        var s = AppState()
        let effects = s.reduce(.start)
        #expect(effects == [.loadChildren(TreeLoad(node: 0, kind: .section(.keys), after: nil, expand: true, then: .select))])
        #expect(s.tree.rows.count == 3, "nothing is in before the answer")
        let after = s.answer(effects, with: [pathNode("a", branch: true, value: false), pathNode("b")])
        #expect(after.isEmpty, "a section shows its help: nothing to read")
        #expect(s.tree.rows.count == 5)
        #expect(s.tree.nodes[0].isExpanded && s.tree.nodes[0].count == "2")
        #expect(s.tree.rows.map { s.tree.nodes[$0].name } == ["keys", "a/", "b", "namespaces", "tables"])
        #expect(s.value.title == "keys")
    }

    @Test func movingOntoAValueLoadsItAndOntoAPrefixDoesNot() {
        var s = AppState.withKeys()
        #expect(s.keys(.char("j")).isEmpty, "a/ holds no value")
        #expect(s.treeRow == 1 && s.value.title == "a")
        #expect(s.value.lines == ValueContent.prefixOnly.lines)
        let b = Array("b".utf8)
        #expect(s.keys(.char("j")) == [.loadValue(.path(key: b, hasValue: true))])
        #expect(s.value.bytes == nil, "the old value is gone until the new one is in")
        #expect(s.reduce(.valueLoaded(ValueContent(bytes: Array("{\"n\":1}".utf8), key: b))).isEmpty)
        #expect(s.value.key == b && s.value.shownMode == .json)
        #expect(s.value.lines.map(\.text).joined().contains("\"n\""))
        // Moving past the end changes nothing and reads nothing.
        #expect(s.keys(.char("G")).isEmpty)
        #expect(s.treeRow == 4)
        #expect(s.keys(.char("j")).isEmpty)
    }

    @Test func expandingLoadsAnUnloadedBranchOnlyOnce() {
        var s = AppState.withKeys()
        _ = s.keys(.char("j"))
        let a = s.tree.rows[1]
        let load = s.keys(.char("l"))
        #expect(load == [.loadChildren(TreeLoad(node: a, kind: .path(key: Array("a".utf8), hasValue: false), after: nil,
                                                expand: true, then: .nothing))])
        #expect(!s.tree.nodes[a].isExpanded, "it opens when its children are in")
        #expect(s.answer(load, with: [pathNode("a/x")]).isEmpty)
        #expect(s.tree.nodes[a].isExpanded)
        #expect(s.tree.rows.count == 6)
        #expect(s.keys(.char("h")).isEmpty)
        #expect(!s.tree.nodes[a].isExpanded && s.tree.rows.count == 5)
        #expect(s.keys(.char("l")).isEmpty, "loaded once: opening again reads nothing")
        #expect(s.tree.rows.count == 6)
        // h on a leaf goes to its parent (and shows it).
        #expect(s.keys(.char("j")) == [.loadValue(.path(key: Array("a/x".utf8), hasValue: true))])
        #expect(s.keys(.char("h")).isEmpty)
        #expect(s.treeRow == 1)
    }

    @Test func aLongListPagesThroughItsMoreRow() {
        var s = AppState()
        _ = s.answer(s.reduce(.start), with: [pathNode("a"), pathNode("b")], nextAfter: "b")
        #expect(s.tree.rows.map { s.tree.nodes[$0].name } == ["keys", "a", "b", "… more (2 shown)", "namespaces", "tables"])
        #expect(s.tree.nodes[0].count == "≥ 3")
        _ = s.keys(.char("j"), .char("j"), .char("j"))
        let next = s.keys(.enter)
        #expect(next == [.loadChildren(TreeLoad(node: 0, kind: .section(.keys), after: "b", expand: false, then: .nothing))])
        _ = s.answer(next, with: [pathNode("c")])
        #expect(s.tree.rows.map { s.tree.nodes[$0].name } == ["keys", "a", "b", "c", "namespaces", "tables"])
        #expect(s.tree.nodes[0].count == "3")
    }

    @Test func aFailedLoadIsARowSayingWhy() {
        var s = AppState()
        guard case .loadChildren(let load) = s.reduce(.start).first else { Issue.record("no load"); return }
        _ = s.reduce(.childrenLoaded(load, .failure(LoadError(message: "ioError: disk gone"))))
        #expect(s.tree.node(atRow: 1)?.name == "⚠ ioError: disk gone")
        _ = s.keys(.char("j"))
        #expect(s.value.lines.map(\.text) == ["ioError: disk gone"])
    }

    @Test func gotoLoadsEachLevelOnTheWayThenSelectsTheKey() {
        var s = AppState()
        var effects = s.reduce(.goto("a/x/"))
        #expect(effects == [.loadChildren(TreeLoad(node: 0, kind: .section(.keys), after: nil, expand: true,
                                                   then: .reveal(path: "a/x", part: 0, pages: 0)))])
        effects = s.answer(effects, with: [pathNode("a", branch: true, value: false), pathNode("b")])
        guard case .loadChildren(let second)? = effects.first else { Issue.record("a/ is not loaded: \(effects)"); return }
        #expect(second.kind == .path(key: Array("a".utf8), hasValue: false) && second.then == .reveal(path: "a/x", part: 1, pages: 0))
        effects = s.answer(effects, with: [pathNode("a/w"), pathNode("a/x")])
        #expect(effects == [.loadValue(.path(key: Array("a/x".utf8), hasValue: true))])
        #expect(s.tree.node(atRow: s.treeRow)?.pathText == "a/x")
        #expect(s.focus == .keys && s.message == nil)
        // A key that is not there selects the nearest and says so.
        #expect(s.reduce(.goto("a/zz")) == [])
        #expect(s.tree.node(atRow: s.treeRow)?.pathText == "a")
        #expect(s.messageIsError && s.message == "a/zz not found; nearest: a")
    }

    @Test func refreshReloadsTheSelectedBranchThenReselects() {
        var s = AppState.withKeys()
        _ = s.keys(.char("G"))
        let effects = s.keys(.char("R"))
        #expect(effects == [.loadStats])
        #expect(s.message == "refreshed")
        _ = s.keys(.char("g"))
        let reload = s.keys(.char("R"))
        #expect(reload == [.loadChildren(TreeLoad(node: 0, kind: .section(.keys), after: nil, expand: false, then: .select)), .loadStats])
        #expect(s.tree.rows.count == 3, "the old children are dropped")
        let after = s.answer([reload[0]], with: [pathNode("z")])
        #expect(after.isEmpty && s.tree.rows.count == 4 && s.value.title == "keys")
    }

    @Test func aConfirmedEditIsWrittenThenShown() {
        var s = AppState.withKeys()
        let b = Array("b".utf8)
        _ = s.keys(.char("j"), .char("j"))
        _ = s.reduce(.valueLoaded(ValueContent(bytes: Array("old".utf8), key: b)))
        #expect(s.keys(.char("y")) == [.copy("old", what: "the value (3 bytes)")])
        _ = s.reduce(.copied(what: "the value (3 bytes)", how: "OSC 52"))
        #expect(s.message == "copied the value (3 bytes) via OSC 52")
        #expect(s.keys(.char("e")) == [.editExternally(.value(key: b, old: "old"), suffix: "txt")])
        _ = s.reduce(.edited(.value(key: b, old: "old"), .saved("new")))
        guard case .confirm(_, let what)? = s.prompt else { Issue.record("no confirmation"); return }
        #expect(what == .put(key: b, value: Array("new".utf8)))
        #expect(s.keys(.char("y")) == [.write(.put(key: b, value: Array("new".utf8)))])
        #expect(s.reduce(.written(.put(key: b, value: Array("new".utf8)), error: nil)) == [.loadValue(.path(key: b, hasValue: true))])
        #expect(s.message == "saved b")
        // Read-only: no editor, no write.
        _ = s.reduce(.valueLoaded(ValueContent(bytes: Array("new".utf8), key: b)))
        s.readOnly = true
        #expect(s.keys(.char("e")).isEmpty && s.message == "read-only: edit refused")
        #expect(s.keys(.char("d")).isEmpty && s.prompt == nil)
    }
}
