/// Why a child could not be started. Each message names the fix.
public struct SupervisorError: Error, Sendable, CustomStringConvertible {
    /// The explanation, naming the child and what to change.
    public var message: String

    init(_ message: String) {
        self.message = message
    }

    /// The explanation.
    public var description: String { message }
}
