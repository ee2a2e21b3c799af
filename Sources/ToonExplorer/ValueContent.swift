/// What the value pane shows for a selection once it is read: the stored
/// bytes (rendered in the chosen view) or lines to show as they are.
package struct ValueContent: Sendable, Equatable {
    /// The raw bytes, when the selection is a stored value or a document.
    package var bytes: [UInt8]?
    /// The key the bytes came from (for copy, edit, delete).
    package var key: [UInt8]?
    /// The lines shown when there are no bytes.
    package var lines: [StyledLine]

    package init(bytes: [UInt8]? = nil, key: [UInt8]? = nil, lines: [StyledLine] = []) {
        self.bytes = bytes
        self.key = key
        self.lines = lines
    }

    /// What a key path with no value of its own shows.
    static let prefixOnly = ValueContent(lines: [StyledLine("(a prefix: no value stored at this key; l or Enter expands it)", .dim)])
}
