import Foundation

/// Waiting for something another process does (a file to appear, a version to be published), checking
/// every few milliseconds until a deadline. The pause only spaces out the checks; no work is simulated.
enum Waiting {
    /// Why a wait ended without its condition.
    enum Outcome: Equatable {
        /// The condition became true.
        case satisfied
        /// The deadline passed.
        case timedOut
        /// `shouldAbandon` returned true.
        case abandoned
    }

    /// Checks `condition` until it is true, `timeout` passes, or `shouldAbandon` is true.
    static func until(
        timeout: Duration,
        interval: Duration = .milliseconds(2),
        shouldAbandon: () -> Bool = { false },
        _ condition: () -> Bool
    ) -> Outcome {
        let deadline = ContinuousClock.now + timeout
        while true {
            if condition() { return .satisfied }
            if shouldAbandon() { return .abandoned }
            if ContinuousClock.now >= deadline { return .timedOut }
            let (seconds, attoseconds) = interval.components
            var pause = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
            nanosleep(&pause, nil)
        }
    }
}
