/// A configuration problem, described in one line that says where it is and how to fix it.
///
/// ```swift
/// do {
///     let config = try ConfigLoader(MyConfig.self).load(arguments: CommandLine.arguments.dropFirst())
/// } catch {
///     print("error: \(error)")   // configs/x.toml:7: unknown key 'orchestrator.log.lvl' ...
///     exit(2)
/// }
/// ```
public struct RunlogConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, so callers and tests can tell errors apart without parsing text.
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// A config file does not exist.
        case fileNotFound
        /// A config path names a directory or something else that is not a regular file.
        case notAFile
        /// A config file exists but cannot be read, or is not UTF-8.
        case unreadableFile
        /// A config file is not valid TOML.
        case syntaxError
        /// A key that the configuration type does not have.
        case unknownKey
        /// A value of the wrong type (a string where a number is expected, ...).
        case typeMismatch
        /// A number that does not fit its field, or a negative number for an unsigned field.
        case outOfRange
        /// A value of the right type that the configuration rejects (validation, unknown enum case).
        case invalidValue
        /// A required key that no source sets.
        case missingKey
        /// A malformed command-line argument.
        case badArgument
        /// A malformed environment variable under the configuration prefix.
        case badEnvironment
    }

    /// What went wrong.
    public let kind: Kind
    /// The key path the error is about, when there is one (e.g. `orchestrator.log.level`).
    public let path: ConfigPath?
    /// Where the offending value came from, when known.
    public let origin: ConfigOrigin?
    /// The line in the TOML file, when the parser or the key locator gives it.
    public var line: Int? {
        if case .file(_, let line) = origin { return line }
        return nil
    }
    /// For unknown keys: the keys that are valid at that place.
    public let validKeys: [String]
    /// The problem and its fix, without the location prefix.
    public let message: String

    /// Creates an error; the library creates these, callers usually only read them.
    /// - Parameters:
    ///   - kind: what went wrong.
    ///   - path: the key path, if any.
    ///   - origin: where the value came from, if known.
    ///   - validKeys: the valid keys at that place, for unknown keys.
    ///   - message: the problem and its fix.
    public init(
        _ kind: Kind,
        path: ConfigPath? = nil,
        origin: ConfigOrigin? = nil,
        validKeys: [String] = [],
        message: String
    ) {
        self.kind = kind
        self.path = path
        self.origin = origin
        self.validKeys = validKeys
        self.message = Self.oneLine(message)
    }

    /// Shows control characters (from keys, values or parser messages quoting the input) as `\u{..}`, so
    /// that an error is always one line and cannot act on the terminal.
    static func oneLine(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) else {
            return text
        }
        var result = ""
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                result += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// One line: `<where>: <problem and fix>`.
    public var description: String {
        guard let origin, origin != .defaults else { return message }
        return Self.oneLine("\(origin): \(message)")
    }
}
