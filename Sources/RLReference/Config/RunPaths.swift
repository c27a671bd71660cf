/// The files of one run under `output_dir`, shared by every component so they agree on the layout.
///
/// ```
/// {output_dir}/logs/orchestrator.log                      the orchestrator's Runlog file
/// {output_dir}/logs/trainer/rank_{RANK}.log               one Runlog file per trainer rank
/// {output_dir}/logs/env_workers/{name}.log                env workers, layout per_env (shared, O_APPEND)
/// {output_dir}/logs/env_workers/{name}/worker_{i}.log     env workers, layout per_worker
/// {output_dir}/run/inference.port                         the inference server's port (temp + rename)
/// {output_dir}/run/weights/policy.json                    the published policy (temp + rename)
/// {output_dir}/run/rollouts/step_{N}.json                 training batch N (temp + rename)
/// ```
/// `run/` holds only the current run's exchange files: the launcher empties it before starting the
/// components (``ComponentLaunch/prepareRunDirectory(outputDir:)``).
public struct RunPaths: Sendable, Equatable {
    /// The run's output directory.
    public var outputDir: String

    /// Creates the layout rooted at `outputDir`.
    /// - Parameter outputDir: the run's output directory, e.g. `"outputs"`.
    public init(outputDir: String) {
        self.outputDir = outputDir
    }

    /// `{output_dir}/logs`.
    public var logsDir: String { outputDir + "/logs" }
    /// `{output_dir}/logs/orchestrator.log`.
    public var orchestratorLog: String { logsDir + "/orchestrator.log" }
    /// `{output_dir}/logs/env_workers`.
    public var envWorkerLogsDir: String { logsDir + "/env_workers" }

    /// `{output_dir}/logs/trainer/rank_{rank}.log`.
    /// - Parameter rank: the global rank.
    public func trainerLog(rank: Int) -> String { logsDir + "/trainer/rank_\(rank).log" }

    /// The log file of env worker `index` of environment `name`.
    /// - Parameters:
    ///   - name: the validated environment name.
    ///   - index: the worker's index within its environment.
    ///   - layout: `"per_env"` (shared file) or `"per_worker"`.
    public func envWorkerLog(name: String, index: Int, layout: String) -> String {
        layout == "per_worker"
            ? envWorkerLogsDir + "/\(name)/worker_\(index).log" : envWorkerLogsDir + "/\(name).log"
    }

    /// `{output_dir}/run`: the current run's exchange files.
    public var runDir: String { outputDir + "/run" }
    /// `{output_dir}/run/inference.port`.
    public var inferencePortFile: String { runDir + "/inference.port" }
    /// `{output_dir}/run/weights`.
    public var weightsDir: String { runDir + "/weights" }
    /// `{output_dir}/run/weights/policy.json`.
    public var weightsFile: String { weightsDir + "/policy.json" }
    /// `{output_dir}/run/rollouts`.
    public var rolloutsDir: String { runDir + "/rollouts" }

    /// `{output_dir}/run/rollouts/step_{step}.json`.
    /// - Parameter step: the 1-based training step.
    public func batchFile(step: Int) -> String { rolloutsDir + "/step_\(step).json" }
}
