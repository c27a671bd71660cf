public import RLReference
public import RunlogConfig

/// The configuration of one `rl` run: shared settings plus one section per component.
///
/// ```toml
/// output_dir = "outputs"
/// max_steps = 40
/// [log]
/// level = "info"
/// [orchestrator.log]
/// level = "debug"
/// env_worker_logs = true
/// [[orchestrator.env]]
/// id = "reverse_text"
/// [trainer]
/// nproc_per_node = 2
/// ```
/// `output_dir` and `max_steps` are set once at the top level and copied into every component;
/// `[log] level` applies to every component whose own level is left at its default.
public struct RLConfig: ConfigSection, Sendable, Equatable {
    /// The run's output directory; logs go to `{output_dir}/logs` (the current run's).
    public var outputDir = "outputs"
    /// Training steps, shared by the orchestrator and the trainer.
    public var maxSteps = OrchestratorConfig().maxSteps
    /// The shared log level.
    public var log = SharedLogConfig()
    /// Commands and shutdown of the launcher itself.
    public var launcher = LauncherConfig()
    /// The inference server.
    public var inference = InferenceConfig()
    /// The orchestrator, its logging and its environments.
    public var orchestrator = OrchestratorConfig()
    /// The trainer and its rank count.
    public var trainer = TrainerConfig()

    /// Creates the configuration with its defaults (what `rl` with no arguments runs).
    public init() {}

    private enum CodingKeys: String, CodingKey {
        case outputDir = "output_dir"
        case maxSteps = "max_steps"
        case log, launcher, inference, orchestrator, trainer
    }

    /// One-line help for the options, by dotted key.
    public static var keyDescriptions: [String: String] {
        var descriptions: [String: String] = [
            "output_dir": "the run's output directory (logs in {output_dir}/logs, earlier runs in {output_dir}/runs)",
            "max_steps": "training steps, shared by the orchestrator and the trainer",
            "log.level": "log level of rl and of every component that does not set its own",
        ]
        let sections: [(String, [String: String])] = [
            ("launcher", LauncherConfig.descriptions),
            ("inference", InferenceConfig.keyDescriptions),
            ("inference.log", ComponentLogConfig.keyDescriptions),
            ("orchestrator", OrchestratorConfig.keyDescriptions),
            ("orchestrator.log", OrchestratorLogConfig.keyDescriptions),
            ("orchestrator.env", EnvironmentConfig.keyDescriptions),
            ("trainer", TrainerConfig.keyDescriptions),
            ("trainer.log", ComponentLogConfig.keyDescriptions),
        ]
        for (prefix, section) in sections {
            for (key, text) in section { descriptions[prefix + "." + key] = text }
        }
        return descriptions
    }

    /// Checks that the shared keys are not contradicted by a component's own.
    public func validate() throws(ConfigIssue) {
        guard !outputDir.isEmpty else { throw ConfigIssue(key: "output_dir", "must not be empty") }
        guard !outputDir.unicodeScalars.contains(where: { $0.value < 0x20 }) else {
            throw ConfigIssue(key: "output_dir", "must not contain control characters")
        }
        guard maxSteps >= 1 else { throw ConfigIssue(key: "max_steps", "must be at least 1, got \(maxSteps)") }
        let defaultDir = OrchestratorConfig().outputDir
        for (section, value) in [
            ("inference", inference.outputDir), ("orchestrator", orchestrator.outputDir),
            ("trainer", trainer.outputDir),
        ] where value != defaultDir && value != outputDir {
            throw ConfigIssue(
                key: "\(section).output_dir",
                "differs from the top-level output_dir '\(outputDir)'; set output_dir = \"\(value)\" at the top level instead"
            )
        }
        let defaultSteps = OrchestratorConfig().maxSteps
        for (section, value) in [("orchestrator", orchestrator.maxSteps), ("trainer", trainer.maxSteps)]
        where value != defaultSteps && value != maxSteps {
            throw ConfigIssue(
                key: "\(section).max_steps",
                "differs from the top-level max_steps \(maxSteps); set max_steps = \(value) at the top level instead"
            )
        }
    }

    /// The configs handed to the components: shared keys copied in, shared level applied.
    public var resolved: (inference: InferenceConfig, orchestrator: OrchestratorConfig, trainer: TrainerConfig) {
        let defaultLevel = ComponentLogConfig().level
        var inference = self.inference
        var orchestrator = self.orchestrator
        var trainer = self.trainer
        inference.outputDir = outputDir
        orchestrator.outputDir = outputDir
        trainer.outputDir = outputDir
        orchestrator.maxSteps = maxSteps
        trainer.maxSteps = maxSteps
        if inference.log.level == defaultLevel { inference.log.level = log.level }
        if orchestrator.log.level == OrchestratorLogConfig().level { orchestrator.log.level = log.level }
        if trainer.log.level == defaultLevel { trainer.log.level = log.level }
        return (inference, orchestrator, trainer)
    }
}

extension LauncherConfig {
    static var descriptions: [String: String] {
        [
            "inference_command": "inference server command ([] = inference next to rl); rl appends --config FILE",
            "orchestrator_command": "orchestrator command ([] = orchestrator next to rl); rl appends --config FILE",
            "trainer_command": "per-rank trainer command ([] = trainer next to rl); rl appends --config FILE",
            "rankrun_command": "rank launcher ([] = rankrun next to rl)",
            "grace_period_seconds": "time between SIGTERM and SIGKILL when the run stops",
            "summary_tail_lines": "lines of a failed component's log shown in the failure summary",
        ]
    }
}
