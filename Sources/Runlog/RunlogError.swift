/// An error from the Runlog core; its ``description`` says what went wrong and how to fix it.
///
/// ```swift
/// do { _ = try getLogger() } catch { print(error) }
/// // getLogger() was called before setupLogger(): call setupLogger(...) once at the entry point ...
/// ```
public struct RunlogError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The kind of failure, for code that needs to react to a specific one.
    public enum Kind: Sendable, Equatable {
        /// `setupLogger` was called while a logger is already set up.
        case alreadySetUp
        /// `getLogger` was called before `setupLogger`.
        case notSetUp
        /// A level name could not be parsed.
        case invalidLevel
        /// The log path is a symbolic link; Runlog refuses to follow it.
        case symlinkAtLogPath
        /// The log file or its directory could not be created or opened.
        case cannotOpenLogFile
        /// An option has a value Runlog cannot use.
        case invalidOption
    }

    /// The kind of failure.
    public let kind: Kind
    /// The full message, naming the fix.
    public let message: String

    /// Creates an error of `kind` with a message that names the fix.
    ///
    /// - Parameters:
    ///   - kind: The kind of failure.
    ///   - message: What went wrong and how to fix it.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The message, naming the fix.
    public var description: String { message }
}
