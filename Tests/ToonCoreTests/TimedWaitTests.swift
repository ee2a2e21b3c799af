import Testing
import ToonCore

/// Timed waits run on the monotonic clock: they wait at least as long as asked
/// (a deadline computed on the wrong clock would end them at once or never).
@Suite struct TimedWaitTests {
    @Test(.timeLimit(.minutes(1)))
    func conditionWaitsAtLeastTheTimeAsked() {
        let lock = ConditionLock()
        let condition = Condition(lock)
        for seconds in [0.02, 0.15, 1.2] {
            let start = ContinuousClock.now
            lock.withLock { lock.wait(seconds: seconds) }
            let waited = ContinuousClock.now - start
            #expect(waited >= .milliseconds(Int(seconds * 1000) - 1), "ConditionLock.wait(seconds: \(seconds)) returned after \(waited)")
            let start2 = ContinuousClock.now
            lock.withLock { condition.wait(seconds: seconds) }
            let waited2 = ContinuousClock.now - start2
            #expect(waited2 >= .milliseconds(Int(seconds * 1000) - 1), "Condition.wait(seconds: \(seconds)) returned after \(waited2)")
        }
    }
}
