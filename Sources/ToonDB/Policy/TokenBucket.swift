/// A token bucket: holds up to `capacity` tokens, refilled continuously at
/// `capacity` per minute; an operation takes one token or is refused.
struct TokenBucket: Sendable {
    let capacity: Double
    private(set) var tokens: Double
    private var last: Double

    /// A full bucket at time `now` (seconds).
    init(perMinute: Int, now: Double) {
        capacity = Double(perMinute)
        tokens = capacity
        last = now
    }

    /// Refills for the time passed since the last call.
    mutating func refill(now: Double) {
        if now > last {
            tokens = min(capacity, tokens + (now - last) * capacity / 60)
            last = now
        }
    }

    /// Whether a token is available at `now`.
    mutating func available(now: Double) -> Bool {
        refill(now: now)
        return tokens >= 1
    }

    /// Takes one token (call after ``available(now:)`` said yes).
    mutating func take() { tokens -= 1 }

    /// Whether the bucket is full (nothing to remember about it).
    var isFull: Bool { tokens >= capacity }
}
