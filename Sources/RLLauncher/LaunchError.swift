/// A problem that stops `rl` before any component starts; `rl` exits with status 2 and says how to fix it.
public struct LaunchError: Error, Sendable, CustomStringConvertible {
    /// The problem and its fix, on one line.
    public let description: String

    /// Creates an error.
    /// - Parameter description: the problem and its fix.
    public init(_ description: String) {
        self.description = description
    }
}
