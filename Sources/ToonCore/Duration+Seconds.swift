extension Duration {
    /// The duration in seconds, for elapsed times measured with `ContinuousClock`.
    package var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
