import RLReference
import RunlogSupervisor

/// The three component processes of a run, as supervisor specs, with the files each one writes.
struct RunPlan: Sendable {
    /// The inference server, then the orchestrator, then the trainer's rank launcher.
    var children: [ChildSpec]
    /// The files a person reads, by component, for the final summary.
    var logFiles: [(component: String, path: String)]

    /// Builds the plan.
    /// - Parameters:
    ///   - config: the loaded configuration.
    ///   - run: the run's directory.
    ///   - configFiles: the component config files, by component name.
    static func make(
        config: RLConfig,
        run: RunDirectory,
        configFiles: [String: String]
    ) throws(LaunchError) -> RunPlan {
        let launcher = config.launcher
        let inferenceCommand = try ComponentCommand.resolve(
            launcher.inferenceCommand,
            builtIn: ComponentLaunch.inferenceExecutable,
            key: "inference_command"
        )
        let orchestratorCommand = try ComponentCommand.resolve(
            launcher.orchestratorCommand,
            builtIn: ComponentLaunch.orchestratorExecutable,
            key: "orchestrator_command"
        )
        let trainerCommand = try ComponentCommand.resolve(
            launcher.trainerCommand,
            builtIn: ComponentLaunch.trainerExecutable,
            key: "trainer_command"
        )
        let rankrunCommand = try ComponentCommand.resolve(
            launcher.rankrunCommand,
            builtIn: "rankrun",
            key: "rankrun_command"
        )
        let logs = run.logsDir

        var inference = ChildSpec(
            name: "inference",
            executable: inferenceCommand.executable,
            arguments: inferenceCommand.arguments + ComponentLaunch.arguments(configPath: configFiles["inference"]!)
        )
        inference.standardInput = .null
        inference.standardOutput = .file(path: logs + "/inference.stdout")
        inference.standardError = inference.standardOutput
        inference.summaryLogFiles = [logs + "/inference.stdout"]

        var orchestrator = ChildSpec(
            name: "orchestrator",
            executable: orchestratorCommand.executable,
            arguments: orchestratorCommand.arguments
                + ComponentLaunch.arguments(configPath: configFiles["orchestrator"]!)
        )
        orchestrator.standardInput = .null
        orchestrator.standardOutput = .file(path: logs + "/orchestrator.stdout")
        orchestrator.standardError = orchestrator.standardOutput
        // stdout holds the logger's console lines and anything the process printed when it crashed.
        orchestrator.summaryLogFiles = [logs + "/orchestrator.stdout"]

        let ranks = config.trainer.nprocPerNode
        let rankGrace = max(1, Int(config.launcher.gracePeriodSeconds / 2))
        var trainer = ChildSpec(
            name: "trainer",
            executable: rankrunCommand.executable,
            arguments: rankrunCommand.arguments + [
                "--standalone",
                "--rdzv-id", run.runID,
                "--log-dir", config.outputDir + "/torchrun",
                "--local-ranks-filter", "0",
                "--redirects", "3",
                "--tee", "3",
                "--grace-period", String(rankGrace),
                "--nproc-per-node", String(ranks),
                trainerCommand.executable,
            ] + trainerCommand.arguments + ComponentLaunch.arguments(configPath: configFiles["trainer"]!)
        )
        trainer.standardInput = .null
        // Rank 0's tee reaches rl's console through the rank launcher's output, which is also kept on disk.
        trainer.standardOutput = .fileAndConsole(path: logs + "/trainer.stdout", linePrefix: "")
        trainer.standardError = trainer.standardOutput
        trainer.summaryLogFiles = [logs + "/trainer.stdout"]
        trainer.summaryFields = [SummaryField("ranks", String(ranks))]
        // The trainer finishing its last step is the end of the run.
        trainer.whenSucceeds = .stopOthers

        var logFiles: [(String, String)] = [
            ("rl", "rl.log"), ("inference", "inference.stdout"), ("orchestrator", "orchestrator.log"),
            ("orchestrator", "orchestrator.stdout"), ("trainer", "trainer.stdout"),
        ]
        logFiles += (0..<ranks).map { ("trainer", "trainer/rank_\($0).log") }
        if config.orchestrator.log.envWorkerLogs { logFiles.append(("env workers", "env_workers/")) }
        return RunPlan(
            children: [inference, orchestrator, trainer],
            logFiles: logFiles.map { ($0.0, config.outputDir + "/logs/" + $0.1) }
        )
    }
}
