import Foundation

/// A failed socket operation; the message names the operation, the address and the system error.
public struct SocketError: Error, Sendable, CustomStringConvertible {
    /// What failed and why.
    public let description: String

    init(_ description: String) {
        self.description = description
    }

    /// An error for `operation` carrying the current `errno` text.
    static func system(_ operation: String) -> SocketError {
        SocketError("\(operation) failed: \(String(cString: strerror(errno)))")
    }
}
