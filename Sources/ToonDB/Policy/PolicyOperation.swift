/// The operations a ``PolicyEngine`` governs.
public enum PolicyOperation: String, Sendable, Equatable, CaseIterable {
    case read, write, delete
}
