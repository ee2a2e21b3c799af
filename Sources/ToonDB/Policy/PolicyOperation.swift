/// The operations a ``PolicyEngine`` governs.
public enum PolicyOperation: String, Sendable, Equatable, CaseIterable {
    /// ``PolicyEngine/get(_:context:)``.
    case read
    /// ``PolicyEngine/put(_:_:context:)``.
    case write
    /// ``PolicyEngine/delete(_:context:)``.
    case delete
}
