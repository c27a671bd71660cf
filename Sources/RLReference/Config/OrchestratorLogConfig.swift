public import Runlog
public import RunlogConfig

/// The `[orchestrator.log]` section: the orchestrator's level, the environments' (verifiers) level, and
/// where env workers log.
///
/// Keys (snake_case, all optional):
/// - `level` (`"info"`): level of the orchestrator's and env workers' Runlog loggers.
/// - `vf_level` (`"info"`): level of the environments' swift-log loggers (labels `verifiers.*`),
///   independent of `level`.
/// - `env_worker_logs` (`true`): env workers write log files; `false`: they log to the stdout they
///   inherit from the orchestrator (its `logs/orchestrator.stdout`).
/// - `env_worker_log_layout` (`"per_env"`): `"per_env"` = all workers of an environment append to
///   `logs/env_workers/{name}.log`; `"per_worker"` = `logs/env_workers/{name}/worker_{i}.log`.
public struct OrchestratorLogConfig: ConfigSection, Sendable, Equatable {
    /// The accepted values of ``envWorkerLogLayout``.
    public static let layouts = ["per_env", "per_worker"]

    /// The Runlog level of the orchestrator and its env workers.
    public var level = "info"
    /// The level of the environments' swift-log loggers (`verifiers.*`).
    public var vfLevel = "info"
    /// Whether env workers log to files under `logs/env_workers/`.
    public var envWorkerLogs = true
    /// `"per_env"` (one shared file per environment) or `"per_worker"` (one file per worker).
    public var envWorkerLogLayout = "per_env"

    /// Creates the section with its defaults.
    public init() {}

    /// One-line help for each key.
    public static var keyDescriptions: [String: String] {
        [
            "level": "log level of the orchestrator and its env workers",
            "vf_level": "log level of the environments (swift-log labels verifiers.*), independent of level",
            "env_worker_logs": "true: env workers write logs/env_workers/...; false: they log to inherited stdout",
            "env_worker_log_layout": "per_env (logs/env_workers/{name}.log) or per_worker ({name}/worker_{i}.log)",
        ]
    }

    /// Checks the levels and the layout.
    public func validate() throws(ConfigIssue) {
        try ComponentLogConfig.checkLevel(level, key: "level")
        try ComponentLogConfig.checkLevel(vfLevel, key: "vf_level")
        guard Self.layouts.contains(envWorkerLogLayout) else {
            throw ConfigIssue(
                key: "env_worker_log_layout",
                "unknown layout '\(envWorkerLogLayout)': use per_env or per_worker"
            )
        }
    }

    /// The parsed ``level``; call after ``validate()``.
    public var logLevel: LogLevel { (try? LogLevel(parsing: level)) ?? .info }

    private enum CodingKeys: String, CodingKey {
        case level
        case vfLevel = "vf_level"
        case envWorkerLogs = "env_worker_logs"
        case envWorkerLogLayout = "env_worker_log_layout"
    }

    /// Decodes the section; a missing key keeps its default.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        level = try c.decodeIfPresent(String.self, forKey: .level) ?? level
        vfLevel = try c.decodeIfPresent(String.self, forKey: .vfLevel) ?? vfLevel
        envWorkerLogs = try c.decodeIfPresent(Bool.self, forKey: .envWorkerLogs) ?? envWorkerLogs
        envWorkerLogLayout = try c.decodeIfPresent(String.self, forKey: .envWorkerLogLayout) ?? envWorkerLogLayout
    }
}
