import Runlog
public import RunlogConfig

/// The top-level `[log]` section: the level of `rl` itself, shared with every component whose own level
/// is left at its default.
public struct SharedLogConfig: ConfigSection, Sendable, Equatable {
    /// The level name (`trace` ... `critical`, any case; `warn` and the other Runlog aliases work).
    public var level = "info"

    /// Creates the section with its defaults.
    public init() {}

    private enum CodingKeys: String, CodingKey {
        case level
    }

    /// Checks that `level` names a Runlog level.
    public func validate() throws(ConfigIssue) {
        do {
            _ = try LogLevel(parsing: level)
        } catch {
            throw ConfigIssue(key: "level", error.description)
        }
    }
}
