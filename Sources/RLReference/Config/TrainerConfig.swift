public import RunlogConfig

/// Configuration of the trainer component (`[trainer]` in the user's TOML); every rank reads the same
/// file and takes its rank from `RANK` / `WORLD_SIZE`.
///
/// Keys (snake_case, all optional):
/// - `output_dir` (`"outputs"`): the run's output directory (batches in, weights out; see ``RunPaths``).
/// - `max_steps` (`40`): steps to train; must equal the orchestrator's `max_steps`.
/// - `nproc_per_node` (`2`): ranks the launcher starts (`rankrun --nproc-per-node`).
/// - `learning_rate` (`0.5`), `optimizer` (`"adam"` or `"sgd"`), `adam_beta1` (`0.9`),
///   `adam_beta2` (`0.999`).
/// - `wait_timeout_seconds` (`120`): how long to wait for a batch or for the other ranks.
/// - `log.level` (`"info"`).
public struct TrainerConfig: ConfigSection, Sendable, Equatable {
    /// The accepted values of ``optimizer``.
    public static let optimizers = ["adam", "sgd"]

    /// The run's output directory.
    public var outputDir = "outputs"
    /// The number of steps to train.
    public var maxSteps = 40
    /// The number of ranks on this node.
    public var nprocPerNode = 2
    /// The optimizer's step size.
    public var learningRate = 0.5
    /// `"adam"` or `"sgd"`.
    public var optimizer = "adam"
    /// Adam's first-moment decay.
    public var adamBeta1 = 0.9
    /// Adam's second-moment decay.
    public var adamBeta2 = 0.999
    /// How long to wait for a batch or for the other ranks.
    public var waitTimeoutSeconds = 120.0
    /// Logger settings.
    public var log = ComponentLogConfig()

    /// Creates the config with its defaults.
    public init() {}

    /// One-line help for each key.
    public static var keyDescriptions: [String: String] {
        [
            "output_dir": "the run's output directory",
            "max_steps": "training steps (must equal orchestrator.max_steps)",
            "nproc_per_node": "number of trainer ranks (rankrun --nproc-per-node)",
            "learning_rate": "optimizer step size",
            "optimizer": "adam or sgd",
            "adam_beta1": "Adam first-moment decay",
            "adam_beta2": "Adam second-moment decay",
            "wait_timeout_seconds": "how long to wait for a batch or for the other ranks before failing",
            "log": "logger settings (level)",
        ]
    }

    /// Checks values that decoding cannot; the issue names the key and what is allowed.
    public func validate() throws(ConfigIssue) {
        guard !outputDir.isEmpty else { throw ConfigIssue(key: "output_dir", "must not be empty") }
        guard maxSteps >= 1 else { throw ConfigIssue(key: "max_steps", "must be at least 1, got \(maxSteps)") }
        guard (1...64).contains(nprocPerNode) else {
            throw ConfigIssue(key: "nproc_per_node", "must be 1...64, got \(nprocPerNode)")
        }
        guard learningRate > 0, learningRate.isFinite else {
            throw ConfigIssue(key: "learning_rate", "must be a positive number, got \(learningRate)")
        }
        guard Self.optimizers.contains(optimizer) else {
            throw ConfigIssue(key: "optimizer", "unknown optimizer '\(optimizer)': use adam or sgd")
        }
        guard (0..<1).contains(adamBeta1) else { throw ConfigIssue(key: "adam_beta1", "must be in [0, 1)") }
        guard (0..<1).contains(adamBeta2) else { throw ConfigIssue(key: "adam_beta2", "must be in [0, 1)") }
        guard waitTimeoutSeconds > 0 else {
            throw ConfigIssue(key: "wait_timeout_seconds", "must be positive, got \(waitTimeoutSeconds)")
        }
        try ComponentLogConfig.checkLevel(log.level, key: "log.level")
    }

    private enum CodingKeys: String, CodingKey {
        case outputDir = "output_dir"
        case maxSteps = "max_steps"
        case nprocPerNode = "nproc_per_node"
        case learningRate = "learning_rate"
        case optimizer
        case adamBeta1 = "adam_beta1"
        case adamBeta2 = "adam_beta2"
        case waitTimeoutSeconds = "wait_timeout_seconds"
        case log
    }

    /// Decodes the config; a missing key keeps its default.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        outputDir = try c.decodeIfPresent(String.self, forKey: .outputDir) ?? outputDir
        maxSteps = try c.decodeIfPresent(Int.self, forKey: .maxSteps) ?? maxSteps
        nprocPerNode = try c.decodeIfPresent(Int.self, forKey: .nprocPerNode) ?? nprocPerNode
        learningRate = try c.decodeIfPresent(Double.self, forKey: .learningRate) ?? learningRate
        optimizer = try c.decodeIfPresent(String.self, forKey: .optimizer) ?? optimizer
        adamBeta1 = try c.decodeIfPresent(Double.self, forKey: .adamBeta1) ?? adamBeta1
        adamBeta2 = try c.decodeIfPresent(Double.self, forKey: .adamBeta2) ?? adamBeta2
        waitTimeoutSeconds = try c.decodeIfPresent(Double.self, forKey: .waitTimeoutSeconds) ?? waitTimeoutSeconds
        log = try c.decodeIfPresent(ComponentLogConfig.self, forKey: .log) ?? log
    }
}
