/// A key press as the explorer sees it, whatever terminal sent it.
package enum Key: Hashable, Sendable {
    /// A printable character.
    case char(Character)
    /// Ctrl with a letter (`ctrl("d")` is Ctrl-D).
    case ctrl(Character)
    /// Alt with a digit (`alt("1")` is Alt-1; the terminal sends Esc and the digit together).
    case alt(Character)
    /// A function key, F1…F12.
    case function(Int)
    case up, down, left, right, home, end, pageUp, pageDown
    case enter, altEnter, escape, tab, backTab, backspace, delete
    /// Two keys pressed one after the other (`Ctrl-X Ctrl-E`).
    indirect case chord(Key, Key)

    /// The name shown in help, the hint row and the man page.
    package var name: String {
        switch self {
        case .char(" "): return "Space"
        case .char(let c): return String(c)
        case .ctrl(let c): return "Ctrl-" + String(c).uppercased()
        case .alt(let c): return "Alt-" + String(c)
        case .function(let n): return "F\(n)"
        case .up: return "Up"
        case .down: return "Down"
        case .left: return "Left"
        case .right: return "Right"
        case .home: return "Home"
        case .end: return "End"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .enter: return "Enter"
        case .altEnter: return "Alt-Enter"
        case .escape: return "Esc"
        case .tab: return "Tab"
        case .backTab: return "Shift-Tab"
        case .backspace: return "Backspace"
        case .delete: return "Delete"
        case .chord(let a, let b): return a.name + " " + b.name
        }
    }
}

/// Something that happens at the terminal: a key, a mouse event, a resize,
/// or a wake-up with nothing to read (a tick: a query finished, or a live pane is due).
package enum InputEvent: Sendable, Equatable {
    case key(Key)
    /// A click at a cell (0-based); `double` for a double click.
    case click(x: Int, y: Int, double: Bool)
    /// The wheel turned over a cell: negative up, positive down.
    case wheel(x: Int, y: Int, delta: Int)
    case resize(width: Int, height: Int)
    case tick
    /// Standard input is gone.
    case endOfInput
}
