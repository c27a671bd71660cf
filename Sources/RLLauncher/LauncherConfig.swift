public import RunlogConfig

/// The `[launcher]` section: which programs `rl` starts and how it stops them.
///
/// Each command is an argument vector; an empty one means the executable of that name built next to
/// `rl`. `rl` appends `--config {file}` to the inference, orchestrator and trainer commands, so a user can
/// point a component at their own program (`inference_command = ["/opt/my-server", "--fast"]`).
public struct LauncherConfig: ConfigSection, Sendable, Equatable {
    /// The inference server command; empty = `inference` next to `rl`.
    public var inferenceCommand: [String] = []
    /// The orchestrator command; empty = `orchestrator` next to `rl`.
    public var orchestratorCommand: [String] = []
    /// The trainer command run by the rank launcher on every rank; empty = `trainer` next to `rl`.
    public var trainerCommand: [String] = []
    /// The rank launcher; empty = `rankrun` next to `rl`.
    public var rankrunCommand: [String] = []
    /// Seconds a component gets between SIGTERM and SIGKILL when the run stops.
    public var gracePeriodSeconds = 10.0
    /// Lines of a failed component's log shown in the failure summary.
    public var summaryTailLines = 20

    /// Creates the section with its defaults.
    public init() {}

    private enum CodingKeys: String, CodingKey {
        case inferenceCommand = "inference_command"
        case orchestratorCommand = "orchestrator_command"
        case trainerCommand = "trainer_command"
        case rankrunCommand = "rankrun_command"
        case gracePeriodSeconds = "grace_period_seconds"
        case summaryTailLines = "summary_tail_lines"
    }

    /// Checks the grace period and the tail length.
    public func validate() throws(ConfigIssue) {
        guard gracePeriodSeconds > 0, gracePeriodSeconds <= 3600 else {
            throw ConfigIssue(
                key: "grace_period_seconds",
                "must be between 0 and 3600 seconds, got \(gracePeriodSeconds)"
            )
        }
        guard (0...10_000).contains(summaryTailLines) else {
            throw ConfigIssue(key: "summary_tail_lines", "must be 0...10000, got \(summaryTailLines)")
        }
        for (key, command) in [
            ("inference_command", inferenceCommand), ("orchestrator_command", orchestratorCommand),
            ("trainer_command", trainerCommand), ("rankrun_command", rankrunCommand),
        ] where command.first?.isEmpty == true {
            throw ConfigIssue(key: key, "the program name must not be empty; use [] for the built-in one")
        }
    }
}
