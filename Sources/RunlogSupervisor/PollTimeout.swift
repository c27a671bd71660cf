extension Duration {
    /// This duration as a poll(2) timeout in milliseconds: rounded up (or down), at least 0, at most an hour.
    /// - Parameter roundingUp: Round a part of a millisecond up (a deadline is not missed) or down (the
    ///   caller sleeps the rest precisely).
    /// - Returns: The timeout.
    func pollMilliseconds(roundingUp: Bool = true) -> Int32 {
        let (seconds, attoseconds) = components
        let total = seconds * 1000 + attoseconds / 1_000_000_000_000_000 + (roundingUp ? 1 : 0)
        return Int32(min(max(total, 0), 3_600_000))
    }
}
