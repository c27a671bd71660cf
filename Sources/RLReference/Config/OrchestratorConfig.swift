public import RunlogConfig

/// Configuration of the orchestrator component (`[orchestrator]`, `[orchestrator.log]`,
/// `[[orchestrator.env]]` in the user's TOML).
///
/// Keys (snake_case, all optional):
/// - `output_dir` (`"outputs"`): the run's output directory (logs, batches, weights; see ``RunPaths``).
/// - `max_steps` (`40`): training steps to generate; must equal the trainer's `max_steps`.
/// - `batch_size` (`128`): rollouts per step, split evenly across the environments.
/// - `rollouts_per_example` (`8`): the GRPO group size (completions sampled per prompt).
/// - `max_async_level` (`1`): how many steps the orchestrator may run ahead of the trainer's weights.
/// - `temperature` (`1.0`): sampling temperature sent to the inference server.
/// - `seed` (`0`): base seed of the env workers' prompt samplers.
/// - `inference_port_file` (`""` = `{output_dir}/run/inference.port`): where the inference server
///   publishes its port.
/// - `env_worker_command` (`""` = the `env-worker` executable next to the orchestrator's).
/// - `wait_timeout_seconds` (`120`): how long to wait for the inference server or the trainer before
///   failing with a clear error.
/// - `log`: ``OrchestratorLogConfig``; `env`: a list of ``EnvironmentConfig``
///   (default: `reverse_text` and `add_digits`).
public struct OrchestratorConfig: ConfigSection, Sendable, Equatable {
    /// The run's output directory.
    public var outputDir = "outputs"
    /// The number of steps to generate.
    public var maxSteps = 40
    /// Rollouts per step, across all environments.
    public var batchSize = 128
    /// Completions sampled per prompt (the GRPO group size).
    public var rolloutsPerExample = 8
    /// How many steps the rollouts may be ahead of the trainer's published weights.
    public var maxAsyncLevel = 1
    /// Sampling temperature.
    public var temperature = 1.0
    /// Base seed of the env workers.
    public var seed: UInt64 = 0
    /// Where the inference server writes its port; empty means `{output_dir}/run/inference.port`.
    public var inferencePortFile = ""
    /// The env-worker executable; empty means `env-worker` next to the orchestrator executable.
    public var envWorkerCommand = ""
    /// How long to wait for the inference server or the trainer.
    public var waitTimeoutSeconds = 120.0
    /// Logging of the orchestrator, its env workers and the environments.
    public var log = OrchestratorLogConfig()
    /// The environments, each served by its own env-worker subprocesses.
    public var env = [EnvironmentConfig(id: "reverse_text"), EnvironmentConfig(id: "add_digits")]

    /// Creates the config with its defaults.
    public init() {}

    /// The port file actually used.
    public var resolvedInferencePortFile: String {
        inferencePortFile.isEmpty ? RunPaths(outputDir: outputDir).inferencePortFile : inferencePortFile
    }

    /// Prompts sampled per step from each environment.
    public var promptsPerEnvironment: Int {
        env.isEmpty ? 0 : batchSize / rolloutsPerExample / env.count
    }

    /// One-line help for each key.
    public static var keyDescriptions: [String: String] {
        [
            "output_dir": "the run's output directory",
            "max_steps": "training steps to generate (must equal trainer.max_steps)",
            "batch_size": "rollouts per step, split evenly across environments",
            "rollouts_per_example": "completions per prompt (GRPO group size)",
            "max_async_level": "how many steps rollouts may run ahead of the trainer's weights",
            "temperature": "sampling temperature",
            "seed": "base seed of the env workers",
            "inference_port_file":
                "file the inference server writes its port to; empty = {output_dir}/run/inference.port",
            "env_worker_command": "env-worker executable; empty = env-worker next to the orchestrator",
            "wait_timeout_seconds": "how long to wait for inference or the trainer before failing",
            "log": "orchestrator and env-worker logging (level, vf_level, env_worker_logs, env_worker_log_layout)",
            "env": "environments: [[orchestrator.env]] with id, name, workers_per_env",
        ]
    }

    /// Checks values that decoding cannot; the issue names the key and what is allowed.
    public func validate() throws(ConfigIssue) {
        guard !outputDir.isEmpty else { throw ConfigIssue(key: "output_dir", "must not be empty") }
        guard maxSteps >= 1 else { throw ConfigIssue(key: "max_steps", "must be at least 1, got \(maxSteps)") }
        guard rolloutsPerExample >= 2 else {
            throw ConfigIssue(
                key: "rollouts_per_example",
                "must be at least 2 (group-normalised advantages need a group), got \(rolloutsPerExample)"
            )
        }
        guard maxAsyncLevel >= 0 else {
            throw ConfigIssue(key: "max_async_level", "must be at least 0, got \(maxAsyncLevel)")
        }
        guard temperature > 0, temperature.isFinite else {
            throw ConfigIssue(key: "temperature", "must be a positive number, got \(temperature)")
        }
        guard waitTimeoutSeconds > 0 else {
            throw ConfigIssue(key: "wait_timeout_seconds", "must be positive, got \(waitTimeoutSeconds)")
        }
        guard !env.isEmpty else { throw ConfigIssue(key: "env", "needs at least one [[orchestrator.env]] entry") }
        guard batchSize > 0, batchSize % (rolloutsPerExample * env.count) == 0 else {
            throw ConfigIssue(
                key: "batch_size",
                "must be a positive multiple of rollouts_per_example × number of environments "
                    + "(\(rolloutsPerExample) × \(env.count)), got \(batchSize)"
            )
        }
        do {
            try log.validate()
        } catch {
            throw ConfigIssue(key: "log." + (error.key ?? ""), error.message)
        }
        var seen = Set<String>()
        for (index, entry) in env.enumerated() {
            do {
                try entry.validate()
            } catch {
                throw ConfigIssue(key: "env[\(index)]." + (error.key ?? ""), error.message)
            }
            guard seen.insert(entry.resolvedName).inserted else {
                throw ConfigIssue(
                    key: "env[\(index)].name",
                    "duplicate environment name '\(entry.resolvedName)': give each [[orchestrator.env]] a distinct name"
                )
            }
        }
    }

    private enum CodingKeys: String, CodingKey {
        case outputDir = "output_dir"
        case maxSteps = "max_steps"
        case batchSize = "batch_size"
        case rolloutsPerExample = "rollouts_per_example"
        case maxAsyncLevel = "max_async_level"
        case temperature, seed
        case inferencePortFile = "inference_port_file"
        case envWorkerCommand = "env_worker_command"
        case waitTimeoutSeconds = "wait_timeout_seconds"
        case log, env
    }

    /// Decodes the config; a missing key keeps its default.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        outputDir = try c.decodeIfPresent(String.self, forKey: .outputDir) ?? outputDir
        maxSteps = try c.decodeIfPresent(Int.self, forKey: .maxSteps) ?? maxSteps
        batchSize = try c.decodeIfPresent(Int.self, forKey: .batchSize) ?? batchSize
        rolloutsPerExample = try c.decodeIfPresent(Int.self, forKey: .rolloutsPerExample) ?? rolloutsPerExample
        maxAsyncLevel = try c.decodeIfPresent(Int.self, forKey: .maxAsyncLevel) ?? maxAsyncLevel
        temperature = try c.decodeIfPresent(Double.self, forKey: .temperature) ?? temperature
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? seed
        inferencePortFile = try c.decodeIfPresent(String.self, forKey: .inferencePortFile) ?? inferencePortFile
        envWorkerCommand = try c.decodeIfPresent(String.self, forKey: .envWorkerCommand) ?? envWorkerCommand
        waitTimeoutSeconds = try c.decodeIfPresent(Double.self, forKey: .waitTimeoutSeconds) ?? waitTimeoutSeconds
        log = try c.decodeIfPresent(OrchestratorLogConfig.self, forKey: .log) ?? log
        env = try c.decodeIfPresent([EnvironmentConfig].self, forKey: .env) ?? env
    }
}
