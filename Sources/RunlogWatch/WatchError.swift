/// An error from `runlog`; its ``description`` says what went wrong and how to fix it.
public struct WatchError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The message, naming the fix.
    public let message: String

    /// Creates an error whose message names the fix.
    ///
    /// - Parameter message: What went wrong and what to do about it.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
