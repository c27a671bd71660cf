import Foundation
import RLReference
import Runlog
import RunlogConfig
import RunlogSupervisor

/// The `rl` command: loads the configuration, starts the inference server, the orchestrator and the
/// trainer under one supervisor, and reports how the run ended.
///
/// ```swift
/// exit(RLCommand.main(arguments: Array(CommandLine.arguments.dropFirst())))
/// ```
/// Exit status: 0 when the run completed, 1 when a component failed, 2 for a configuration or output
/// directory problem (found before anything is created), 128 + N when stopped by signal N.
public enum RLCommand {
    /// The prefix of environment variables that set config keys: `RUNLOG_RL__TRAINER__NPROC_PER_NODE=2`.
    public static let environmentPrefix = "RUNLOG_RL__"

    /// Runs `rl` and returns its exit status.
    /// - Parameters:
    ///   - arguments: the command line without the program name.
    ///   - environment: the environment; nil reads the process's.
    public static func main(arguments: [String], environment: [String: String]? = nil) -> Int32 {
        let environment = environment ?? ProcessInfo.processInfo.environment
        let config: RLConfig
        do {
            let parsed = try ConfigArguments(parsing: arguments)
            if parsed.helpRequested {
                print(helpText)
                return 0
            }
            config = try ConfigLoader(RLConfig.self, environmentPrefix: environmentPrefix)
                .load(files: parsed.files, overrides: parsed.overrides, environment: environment)
            try RunDirectory.check(outputDir: config.outputDir)
            try RunPlan.preflight(config)
        } catch {
            printError("rl: error: \(error)\nrl: see 'rl --help' for the options")
            return 2
        }
        do {
            return try RunSession(config: config).run()
        } catch {
            printError("rl: error: \(error)")
            return 2
        }
    }

    /// The `--help` text, with every configuration option.
    public static var helpText: String {
        """
        USAGE: rl [@ FILE.toml | --config FILE.toml]... [--SECTION.KEY VALUE]...

        Runs a reference RL job on this machine: an inference server, an orchestrator with env workers and \
        a trainer with one process per rank (through rankrun). Logs go to {output_dir}/logs, a link to \
        {output_dir}/runs/{run_id}/logs, so earlier runs are kept.

        Sources, later ones win: built-in defaults, config files in order, environment variables \
        \(environmentPrefix)SECTION__KEY (e.g. \(environmentPrefix)ORCHESTRATOR__LOG__LEVEL=debug), options.
        Options use dotted kebab-case keys: --orchestrator.log.level debug, --trainer.nproc-per-node 2,
        --key=value, and --flag alone for true. Arrays take TOML syntax: --launcher.inference-command '["/bin/x"]'.

        Exit status: 0 done, 1 a component failed, 2 bad configuration or output_dir, 128+N stopped by signal N.

        OPTIONS:
        \(column("  -h, --help"))Show this help.
        \(column("  @ FILE, --config FILE"))Read a TOML config file (repeatable; later files win).
        \(ConfigHelp.text(for: RLConfig.self))
        """
    }

    /// Pads an option to the column where ``ConfigHelp`` starts descriptions.
    private static func column(_ option: String) -> String {
        option + String(repeating: " ", count: max(2, 48 - option.count))
    }

    static func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}

extension RunPlan {
    /// Checks the component commands without creating anything.
    static func preflight(_ config: RLConfig) throws(LaunchError) {
        let launcher = config.launcher
        _ = try ComponentCommand.resolve(
            launcher.inferenceCommand,
            builtIn: ComponentLaunch.inferenceExecutable,
            key: "inference_command"
        )
        _ = try ComponentCommand.resolve(
            launcher.orchestratorCommand,
            builtIn: ComponentLaunch.orchestratorExecutable,
            key: "orchestrator_command"
        )
        _ = try ComponentCommand.resolve(
            launcher.trainerCommand,
            builtIn: ComponentLaunch.trainerExecutable,
            key: "trainer_command"
        )
        _ = try ComponentCommand.resolve(launcher.rankrunCommand, builtIn: "rankrun", key: "rankrun_command")
    }
}
