import Foundation
public import RunlogConfig

/// How the `rl` launcher (or a person debugging) starts the reference workload's components.
///
/// Every component is its own executable, built next to `rl` (``executable(named:)`` finds them), and
/// takes one optional argument, `--config PATH`: a JSON file holding that component's resolved config
/// (``InferenceConfig``, ``OrchestratorConfig`` or ``TrainerConfig``, snake_case keys, missing keys take
/// their defaults; write it with ``writeConfig(_:to:)``). Without `--config` the defaults are used, so
/// `inference`, `orchestrator` and `trainer` started by hand in three terminals make a run in `outputs/`.
///
/// The contract, for an output directory `O` shared by all three configs:
/// 1. Call ``prepareRunDirectory(outputDir:)`` first: it empties `O/run` (the previous run's port file,
///    batches and weights must not leak into this run) and creates `O/logs`.
/// 2. `inference --config inference.json`: stdout+stderr to `O/logs/inference.stdout` (its Runlog logger
///    writes to stdout only). It listens on 127.0.0.1 (port 0 = free port), writes the port to
///    `port_file` (default `O/run/inference.port`, temp file + rename) and serves until SIGTERM/SIGINT,
///    then exits 0. It reloads `O/run/weights/policy.json` whenever the trainer replaces it.
/// 3. `orchestrator --config orchestrator.json`: stdout+stderr to `O/logs/orchestrator.stdout`; its
///    Runlog file is `O/logs/orchestrator.log`. It starts `workers_per_env` × `env-worker` children per
///    environment (each in its own process group, killed if the orchestrator dies) whose logs go to
///    `O/logs/env_workers/{name}.log` (or `{name}/worker_{i}.log`, or the orchestrator's stdout). It waits
///    up to `wait_timeout_seconds` for the port file, writes batches `O/run/rollouts/step_{N}.json`, and
///    exits 0 after `max_steps` steps, having written `O/run/orchestrator_summary.json`
///    (``OrchestratorSummary``). On SIGTERM/SIGINT it stops its workers and exits 128 + signal.
/// 4. `rankrun --nproc-per-node {nproc_per_node} [--log-dir O/torchrun --local-ranks-filter 0
///    --redirects 3 --tee 3] trainer --config trainer.json`: each rank reads `RANK`, `LOCAL_RANK`,
///    `WORLD_SIZE`, `MASTER_ADDR`, `MASTER_PORT` (unset = a single rank 0), logs to
///    `O/logs/trainer/rank_{RANK}.log` and stdout, averages gradients with the other ranks over TCP at
///    `MASTER_ADDR:MASTER_PORT` (rank 0 listens), and rank 0 publishes `O/run/weights/policy.json`
///    (temp file + rename) after each step. Every rank exits 0 after `max_steps` steps.
/// 5. `max_steps` and `output_dir` must be equal in the orchestrator's and the trainer's config. The run
///    is complete when the trainer exits 0; then stop the others with SIGTERM (inference exits 0; the
///    orchestrator has normally exited 0 already, and its summary is written before its workers stop).
///    The summary's keys: `steps`, `final_reward`, `rewards` (per step), `first_step_at_0_9`,
///    `seconds_to_0_9`, `seconds`.
/// 6. Env workers are internal to the orchestrator: `env-worker --connect HOST:PORT --env-id ID
///    --env-name NAME --index I --level L --vf-level L --seed S [--log-file PATH [--own-log-file]]`
///    (``EnvWorkerOptions``); the launcher only needs the executable beside the orchestrator's, or
///    `orchestrator.env_worker_command`.
///
/// Started by hand (debugging), use a fresh `output_dir` or remove `{output_dir}/run` first, then start
/// `inference`, `orchestrator` and `RANK=0 WORLD_SIZE=1 trainer` in any order.
///
/// A component that cannot continue (bad config, a peer gone, a timeout) logs the reason at ERROR
/// (or prints it to stderr before its logger exists) and exits with status 1; a bad config exits 2.
public enum ComponentLaunch {
    /// The executable names: `inference`, `orchestrator`, `trainer`, `env-worker`.
    public static let inferenceExecutable = "inference"
    /// The orchestrator's executable name.
    public static let orchestratorExecutable = "orchestrator"
    /// The trainer's executable name (run under `rankrun`).
    public static let trainerExecutable = "trainer"
    /// The env worker's executable name (started by the orchestrator only).
    public static let envWorkerExecutable = "env-worker"

    /// A failure to read or write a component config; the message names the file and the fix.
    public struct ConfigFileError: Error, Sendable, CustomStringConvertible {
        /// What went wrong, with the path.
        public let description: String
    }

    /// The path of executable `name` in the directory of the running executable (where SwiftPM puts
    /// every product of the package).
    /// - Parameter name: an executable name such as ``inferenceExecutable``.
    public static func executable(named name: String) -> String {
        let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return me.deletingLastPathComponent().appendingPathComponent(name).path
    }

    /// The arguments that make a component read `configPath`: `["--config", configPath]`.
    /// - Parameter configPath: the JSON file written by ``writeConfig(_:to:)``.
    public static func arguments(configPath: String) -> [String] {
        ["--config", configPath]
    }

    /// Writes `config` as pretty JSON (snake_case keys) to `path`, creating parent directories.
    /// - Parameters:
    ///   - config: a component config.
    ///   - path: the destination, e.g. `outputs/configs/trainer.json`.
    public static func writeConfig(_ config: some Encodable, to path: String) throws(ConfigFileError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            let data = try encoder.encode(config)
            try AtomicFile.write(data, to: path)
        } catch {
            throw ConfigFileError(description: "cannot write config \(path): \(error)")
        }
    }

    /// Reads a component config from a JSON file written by ``writeConfig(_:to:)``.
    /// - Parameters:
    ///   - type: the config type.
    ///   - path: the JSON file.
    public static func readConfig<Config: Decodable>(
        _ type: Config.Type,
        from path: String
    ) throws(ConfigFileError) -> Config {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigFileError(description: "cannot read config \(path): \(error.localizedDescription)")
        }
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw ConfigFileError(
                description: "config \(path) is not a valid \(type) JSON file (\(error)); write it with "
                    + "ComponentLaunch.writeConfig or fix the named key"
            )
        }
    }

    /// The config a component runs with: the JSON file at `path` (or the defaults when `path` is nil),
    /// validated. Component executables call this with their `--config` argument.
    /// - Parameters:
    ///   - type: the config type.
    ///   - path: the `--config` argument, or nil.
    ///   - section: the config's key path in the user's TOML (`"trainer"`), used in error messages.
    public static func loadConfig<Config: ConfigSection>(
        _ type: Config.Type,
        path: String?,
        section: String
    ) throws(ConfigFileError) -> Config {
        let config = try path.map { path throws(ConfigFileError) in try readConfig(type, from: path) } ?? Config()
        do {
            try config.validate()
        } catch {
            let key = [section, error.key].compactMap { $0 }.joined(separator: ".")
            throw ConfigFileError(description: "invalid config\(path.map { " \($0)" } ?? ""): \(key): \(error.message)")
        }
        return config
    }

    /// The body of a component executable: loads its config with ``loadConfig(_:path:section:)`` and runs
    /// `component` with it. A bad config is printed to stderr, prefixed with the section's name, and the
    /// process exits with status 2 (the documented status for bad input) before anything starts.
    ///
    /// ```swift
    /// func run() throws {
    ///     try ComponentLaunch.run(TrainerConfig.self, configPath: config, section: "trainer", TrainerComponent.run)
    /// }
    /// ```
    /// - Parameters:
    ///   - type: the config type.
    ///   - configPath: the `--config` argument, or nil for the defaults.
    ///   - section: the config's key path in the user's TOML, also the executable's name.
    ///   - component: the component's entry point.
    public static func run<Config: ConfigSection>(
        _ type: Config.Type,
        configPath: String?,
        section: String,
        _ component: (Config) throws -> Never
    ) throws -> Never {
        let config: Config
        do {
            config = try loadConfig(type, path: configPath, section: section)
        } catch {
            FileHandle.standardError.write(Data("\(section): \(error)\n".utf8))
            exit(2)
        }
        try component(config)
    }

    /// Empties `{outputDir}/run` and creates `{outputDir}/run` and `{outputDir}/logs`, so a new run
    /// starts with no stale port file, batches or weights. Logs are left alone.
    /// - Parameter outputDir: the run's output directory.
    public static func prepareRunDirectory(outputDir: String) throws(ConfigFileError) {
        let paths = RunPaths(outputDir: outputDir)
        let manager = FileManager.default
        do {
            if manager.fileExists(atPath: paths.runDir) {
                try manager.removeItem(atPath: paths.runDir)
            }
            try manager.createDirectory(atPath: paths.runDir, withIntermediateDirectories: true)
            try manager.createDirectory(atPath: paths.logsDir, withIntermediateDirectories: true)
        } catch {
            throw ConfigFileError(description: "cannot prepare \(paths.runDir): \(error.localizedDescription)")
        }
    }
}
