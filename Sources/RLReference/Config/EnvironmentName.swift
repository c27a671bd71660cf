/// Validation of environment names, which become file and directory names under `logs/env_workers/`.
///
/// A name is rejected (never silently rewritten) when it could escape `logs/env_workers/` or corrupt a
/// terminal: empty, longer than 100 characters, containing `/`, `\`, `..`, NUL or another control
/// character, or starting with `.`.
///
/// ```swift
/// try EnvironmentName.validate("reverse_text")   // ok
/// try EnvironmentName.validate("../etc")          // throws: must not contain '/' or '..'
/// ```
public enum EnvironmentName {
    /// The longest accepted name, in characters.
    public static let maximumLength = 100

    /// An invalid environment name; ``message`` says why and what is allowed.
    public struct InvalidName: Error, Sendable, Equatable, CustomStringConvertible {
        /// Why the name was rejected, and what to use instead.
        public let message: String
        /// The message.
        public var description: String { message }
    }

    /// Throws ``InvalidName`` when `name` cannot safely be used as a log file name.
    /// - Parameter name: the environment name, e.g. `"reverse_text"`.
    public static func validate(_ name: String) throws(InvalidName) {
        let shown = String(reflecting: name)
        func reject(_ reason: String) -> InvalidName {
            InvalidName(
                message: "invalid environment name \(shown): \(reason); use letters, digits, '_', '-' or '.' "
                    + "(at most \(maximumLength) characters), e.g. \"reverse_text\""
            )
        }
        if name.isEmpty { throw reject("it is empty") }
        if name.count > maximumLength { throw reject("it is \(name.count) characters long") }
        if name.unicodeScalars.contains(where: { $0.value == 0 }) { throw reject("it contains NUL") }
        if name.contains("/") || name.contains("\\") { throw reject("it must not contain '/' or '\\'") }
        if name.contains("..") { throw reject("it must not contain '..'") }
        if name.hasPrefix(".") { throw reject("it must not start with '.'") }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw reject("it contains a control character")
        }
    }
}
