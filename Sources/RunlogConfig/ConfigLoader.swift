import Foundation

/// Loads a configuration from layered sources and type-checks it once, with errors that name the key.
///
/// Sources, lowest priority first: the type's defaults (when it is a ``ConfigSection``), the TOML files in
/// order, environment variables under `environmentPrefix`, then command-line overrides. Tables merge key by
/// key; any other value (arrays included) is replaced by the later source.
///
/// ```swift
/// let loader = ConfigLoader(RLConfig.self, environmentPrefix: "RUNLOG_RL__")
/// let config = try loader.load(arguments: CommandLine.arguments.dropFirst())
/// ```
public struct ConfigLoader<Config: Decodable> {
    /// The prefix of the environment variables that set keys (`RUNLOG_RL__` reads
    /// `RUNLOG_RL__ORCHESTRATOR__LOG__LEVEL` as `orchestrator.log.level`); nil reads none.
    public var environmentPrefix: String?

    /// Creates a loader.
    /// - Parameters:
    ///   - type: the configuration type.
    ///   - environmentPrefix: the prefix of environment variables that set keys, or nil for none.
    public init(_ type: Config.Type, environmentPrefix: String? = nil) {
        self.environmentPrefix = environmentPrefix
    }

    /// Loads from a command line (see ``ConfigArguments``) and the environment.
    /// - Parameters:
    ///   - arguments: the arguments after the program name.
    ///   - environment: the environment to read variables from; nil reads the process environment.
    public func load(
        arguments: some Sequence<String>,
        environment: [String: String]? = nil
    ) throws(RunlogConfigError) -> Config {
        let parsed = try ConfigArguments(parsing: arguments)
        return try load(
            files: parsed.files,
            overrides: parsed.overrides,
            environment: environment ?? ProcessInfo.processInfo.environment
        )
    }

    /// Loads from files, the environment and overrides.
    /// - Parameters:
    ///   - files: TOML files, later ones win.
    ///   - overrides: command-line overrides, applied last.
    ///   - environment: the environment to read variables from (only those under ``environmentPrefix``).
    public func load(
        files: [String] = [],
        overrides: [ConfigOverride] = [],
        environment: [String: String] = [:]
    ) throws(RunlogConfigError) -> Config {
        var tree = try defaultTree()
        for file in files { tree.merge(try TOMLSource.load(path: file)) }
        if let environmentPrefix {
            for override in try ConfigOverride.fromEnvironment(environment, prefix: environmentPrefix) {
                try tree.apply(override)
            }
        }
        for override in overrides { try tree.apply(override) }
        return try decode(tree)
    }

    /// Decodes TOML text laid over the defaults, as if it were the only config file.
    /// - Parameters:
    ///   - text: the TOML document.
    ///   - name: the name used for it in errors.
    public func load(toml text: String, name: String = "<config>") throws(RunlogConfigError) -> Config {
        var tree = try defaultTree()
        tree.merge(try TOMLSource.parse(text, file: name))
        return try decode(tree)
    }

    private func defaultTree() throws(RunlogConfigError) -> ConfigTable {
        guard let sectionType = Config.self as? any ConfigSection.Type else { return ConfigTable() }
        do {
            return try DecodingSession.tree(of: sectionType.init())
        } catch {
            throw RunlogConfigError(
                .invalidValue,
                message: "the defaults of \(Config.self) cannot be encoded: \(error)"
            )
        }
    }

    private func decode(_ tree: ConfigTable) throws(RunlogConfigError) -> Config {
        let session = DecodingSession()
        let value: Config
        do {
            value = try session.decode(Config.self, from: ConfigNode(value: .table(tree), origin: .defaults), at: .root)
        } catch let error as RunlogConfigError {
            throw error
        } catch {
            throw RunlogConfigError(.invalidValue, message: "\(error)")
        }
        if let error = session.unknownKeyError() { throw error }
        return value
    }
}
