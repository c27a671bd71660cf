/// A usage error of rankrun, with the fix in its message.
public struct RankRunError: Error, CustomStringConvertible {
    /// The message: one line that says what was wrong and how to fix it.
    public let description: String

    /// An error with `description` as its message.
    ///
    /// - Parameter description: What was wrong and how to fix it.
    public init(_ description: String) {
        self.description = description
    }
}
