/// Why a trainer rank stopped before finishing; the process exits 1.
public struct TrainerFailure: Error, Sendable, CustomStringConvertible {
    /// What went wrong and, where possible, what to do about it.
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
