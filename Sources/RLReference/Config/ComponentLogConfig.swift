public import Runlog
public import RunlogConfig

/// The `log` section of the inference server and the trainer: the level passed to `setupLogger`.
///
/// TOML / JSON key: `level` (default `"info"`), parsed with `LogLevel(parsing:)`, so any spelling Runlog
/// accepts (`"warn"`, `"DEBUG"`, ...) works.
public struct ComponentLogConfig: ConfigSection, Sendable, Equatable {
    /// The minimum level the component's logger records.
    public var level = "info"

    /// Creates the section with its defaults.
    public init() {}

    /// One-line help for each key.
    public static var keyDescriptions: [String: String] {
        ["level": "minimum log level: trace, debug, info, success, warning, error, critical"]
    }

    /// Checks that `level` names a Runlog level.
    public func validate() throws(ConfigIssue) {
        try Self.checkLevel(level, key: "level")
    }

    /// The parsed level; call after ``validate()``.
    public var logLevel: LogLevel { (try? LogLevel(parsing: level)) ?? .info }

    /// Throws a ``ConfigIssue`` for `key` when `text` is not a level name.
    static func checkLevel(_ text: String, key: String) throws(ConfigIssue) {
        do {
            _ = try LogLevel(parsing: text)
        } catch {
            throw ConfigIssue(key: key, error.description)
        }
    }

    private enum CodingKeys: String, CodingKey {
        case level
    }

    /// Decodes the section; a missing key keeps its default.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        level = try container.decodeIfPresent(String.self, forKey: .level) ?? level
    }
}
