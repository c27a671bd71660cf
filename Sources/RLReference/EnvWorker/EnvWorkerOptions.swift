/// What one env worker is told on its command line by the orchestrator.
///
/// ```
/// env-worker --connect 127.0.0.1:40123 --env-id reverse_text --env-name reverse_text --index 0 \
///            --level info --vf-level info --seed 7 [--log-file outputs/logs/env_workers/reverse_text.log]
/// ```
/// Without `--log-file` the worker logs to its standard output (inherited from the orchestrator).
public struct EnvWorkerOptions: Sendable, Equatable {
    /// The orchestrator's worker port, `host:port`.
    public var connect: String
    /// The built-in environment id.
    public var envID: String
    /// The environment name (log tag `{name}_{index}`).
    public var envName: String
    /// The worker's index within its environment.
    public var index: Int
    /// The Runlog level.
    public var level: String
    /// The environments' swift-log level (`verifiers.*`).
    public var vfLevel: String
    /// Seed of the prompt sampler.
    public var seed: UInt64
    /// The log file, or nil for standard output.
    public var logFile: String?
    /// Whether the log file is shared by all workers of the environment (opened with append).
    public var sharedLogFile: Bool

    /// Creates worker options.
    /// - Parameters:
    ///   - connect: `host:port` of the orchestrator.
    ///   - envID: the built-in environment id.
    ///   - envName: the environment name.
    ///   - index: the worker index.
    ///   - level: the Runlog level.
    ///   - vfLevel: the environments' level.
    ///   - seed: the sampler seed.
    ///   - logFile: a log file, or nil for stdout.
    ///   - sharedLogFile: whether other workers append to the same file.
    public init(
        connect: String,
        envID: String,
        envName: String,
        index: Int,
        level: String = "info",
        vfLevel: String = "info",
        seed: UInt64 = 0,
        logFile: String? = nil,
        sharedLogFile: Bool = true
    ) {
        self.connect = connect
        self.envID = envID
        self.envName = envName
        self.index = index
        self.level = level
        self.vfLevel = vfLevel
        self.seed = seed
        self.logFile = logFile
        self.sharedLogFile = sharedLogFile
    }

    /// The command-line arguments that reproduce these options.
    public var arguments: [String] {
        var arguments = [
            "--connect", connect, "--env-id", envID, "--env-name", envName, "--index", String(index),
            "--level", level, "--vf-level", vfLevel, "--seed", String(seed),
        ]
        if let logFile {
            arguments += ["--log-file", logFile]
            if !sharedLogFile { arguments.append("--own-log-file") }
        }
        return arguments
    }
}
