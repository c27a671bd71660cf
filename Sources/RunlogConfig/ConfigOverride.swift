/// One key set from outside the config files: a command-line option or an environment variable.
///
/// Its value is untyped text; the configuration type decides how it is read (`2` is a number for an
/// integer key and a string for a string key). A value written as a TOML array or inline table
/// (`[1, 2]`, `{ name = "x" }`) is parsed as one.
public struct ConfigOverride: Sendable, Equatable {
    /// The key to set.
    public var path: ConfigPath
    /// The text after the option, or nil for a bare `--flag` (which means `true` for a boolean key).
    public var value: String?
    /// Where it came from, for errors.
    public var origin: ConfigOrigin

    /// Creates an override.
    /// - Parameters:
    ///   - path: the key to set.
    ///   - value: its text, or nil for a bare flag.
    ///   - origin: where it came from.
    public init(path: ConfigPath, value: String?, origin: ConfigOrigin) {
        self.path = path
        self.value = value
        self.origin = origin
    }

    /// Reads the overrides in an environment, e.g. `RUNLOG_RL__TRAINER__NPROC_PER_NODE=2` with prefix
    /// `RUNLOG_RL__` sets `trainer.nproc_per_node`: after the prefix, `__` separates keys and keys are
    /// lower-cased.
    /// - Parameters:
    ///   - environment: the variables, e.g. `ProcessInfo.processInfo.environment`.
    ///   - prefix: the prefix that marks a variable as configuration.
    public static func fromEnvironment(
        _ environment: [String: String],
        prefix: String
    ) throws(RunlogConfigError) -> [ConfigOverride] {
        var overrides: [ConfigOverride] = []
        for name in environment.keys.sorted() where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            let parts = rest.split(separator: "__", omittingEmptySubsequences: false).map { $0.lowercased() }
            guard !rest.isEmpty, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(Self.isKeyCharacter) }) else {
                throw RunlogConfigError(
                    .badEnvironment,
                    origin: .environment(variable: name),
                    message: "'\(name)' is not a valid config variable; write \(prefix)SECTION__KEY (keys joined by __)"
                )
            }
            overrides.append(
                ConfigOverride(
                    path: ConfigPath(dotted: parts.joined(separator: ".")),
                    value: environment[name],
                    origin: .environment(variable: name)
                )
            )
        }
        return overrides
    }

    static func isKeyCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || character == "_" || character == "-")
    }
}
