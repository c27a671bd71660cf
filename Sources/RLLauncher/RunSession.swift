import Foundation
import RLReference
import Runlog
import RunlogConfig
import RunlogSupervisor
import RunlogWatch

/// One run of `rl` after its configuration was accepted: creates the run directory, writes the
/// resolved configs, supervises the components and logs the summary.
struct RunSession {
    let config: RLConfig

    /// Runs to the end and returns the exit status; throws only for setup problems (exit status 2).
    func run() throws -> Int32 {
        let started = Date()
        let run = try RunDirectory.create(outputDir: config.outputDir)
        do {
            try ComponentLaunch.prepareRunDirectory(outputDir: config.outputDir)
        } catch {
            throw LaunchError(error.description)
        }
        let level = try LogLevel(parsing: config.log.level)
        let progress = RunProgress(
            totalSteps: config.maxSteps,
            level: level,
            orchestratorLog: run.logsDir + "/orchestrator.log"
        )
        var logOptions = LoggerOptions()
        logOptions.console = false  // the progress console writes records, keeping its status line below them
        logOptions.additionalSinks = [progress.console]
        // Runs after resetLogger (defers run last first): the summary is queued by then.
        defer { progress.drainConsole(timeout: 2) }
        let logger = try setupLogger(level: level, logFile: run.logsDir + "/rl.log", options: logOptions)
        defer { resetLogger() }
        logger.info("Starting run \(run.runID) in \(config.outputDir) (logs: \(run.logsLink) -> \(run.logsDir))")

        let configFiles = try writeConfigs(run: run)
        let plan = try RunPlan.make(config: config, run: run, configFiles: configFiles)
        var options = SupervisorOptions(gracePeriod: .milliseconds(Int(config.launcher.gracePeriodSeconds * 1000)))
        options.onEvent = { event in Self.log(event, to: logger) }
        options.lineSink = { stream, line in progress.show(line, stream: stream) }
        let supervisor: Supervisor
        do {
            supervisor = try Supervisor(options: options)
        } catch {
            logger.critical("Cannot start supervising: \(error)")
            return 1
        }
        for child in plan.children {
            do {
                try supervisor.start(child)
            } catch {
                logger.error("Cannot start \(child.name): \(error)")
                supervisor.stop(reason: "\(child.name) could not start")
                break
            }
        }
        let outcome = supervisor.waitUntilFinished()
        progress.finish()
        let wallTime = Date().timeIntervalSince(started)
        report(outcome, plan: plan, run: run, wallTime: wallTime, logger: logger)
        if case .requested = outcome.stopReason, outcome.rootCause == nil { return 1 }
        return outcome.suggestedExitStatus
    }

    /// Writes `rl.toml` (the whole resolved config) and one JSON config per component.
    private func writeConfigs(run: RunDirectory) throws -> [String: String] {
        let resolved = config.resolved
        let rlConfig = run.configsDir + "/rl.toml"
        try Data(try ConfigRendering.toml(config).utf8).write(to: URL(fileURLWithPath: rlConfig))
        let files = [
            "inference": run.configsDir + "/inference.json",
            "orchestrator": run.configsDir + "/orchestrator.json",
            "trainer": run.configsDir + "/trainer.json",
        ]
        do {
            try ComponentLaunch.writeConfig(resolved.inference, to: files["inference"]!)
            try ComponentLaunch.writeConfig(resolved.orchestrator, to: files["orchestrator"]!)
            try ComponentLaunch.writeConfig(resolved.trainer, to: files["trainer"]!)
        } catch {
            throw LaunchError(error.description)
        }
        return files
    }

    private static func log(_ event: SupervisorEvent, to logger: RunlogLogger) {
        switch event {
        case .started(let name, let pid):
            logger.info("Started \(name) (pid \(pid))")
        case .exited(let report):
            if report.isFailure {
                logger.error("\(report.name) failed: \(report.status) (pid \(report.pid))")
            } else if report.wasStopped {
                logger.info("\(report.name) stopped: \(report.status)")
            } else {
                logger.info("\(report.name) exited: \(report.status)")
            }
        case .stopping(let reason, let signal):
            let message = "Stopping all components (\(reason)): \(ExitStatus.name(ofSignal: signal)) sent"
            if case .childSucceeded = reason { logger.info(message) } else { logger.warning(message) }
        case .killing(let names):
            logger.warning("Grace period over: SIGKILL to \(names.joined(separator: ", "))")
        }
    }

    private func report(
        _ outcome: SupervisorOutcome,
        plan: RunPlan,
        run: RunDirectory,
        wallTime: TimeInterval,
        logger: RunlogLogger
    ) {
        let progress = RunReport.read(orchestratorLog: run.logsDir + "/orchestrator.log")
        let time = String(format: "%.1fs", wallTime)
        let stepsText =
            progress.map {
                "\($0.steps)/\(config.maxSteps) steps, final reward \(String(format: "%.4f", $0.finalReward))"
            }
            ?? "no step completed"
        if outcome.succeeded,
            outcome.stopReason != nil || outcome.children.allSatisfy({ $0.status.isSuccess || $0.wasStopped })
        {
            logger.success("Run finished: \(stepsText), wall time \(time)")
        } else {
            if let root = outcome.rootCause {
                logger.error("Run failed: \(root.name) ended with \(root.status)")
                for path in root.summaryLogFiles {
                    let fields = NestedFailureReport.rootCauseFields(inLog: path)
                    guard !fields.isEmpty else { continue }
                    logger.error("\(root.name) reports its own root cause (\(path)):")
                    for field in fields { logger.error("  \(field)") }
                }
            } else if case .signal(let number) = outcome.stopReason {
                logger.warning("Run stopped: received \(ExitStatus.name(ofSignal: number))")
            } else {
                logger.error("Run stopped: \(outcome.stopReason.map(\.description) ?? "unknown reason")")
            }
            for line in outcome.failureSummary(title: "rl", tailLines: config.launcher.summaryTailLines)
                .split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            {
                logger.error(String(line))
            }
            logger.error("Progress: \(stepsText), wall time \(time)")
        }
        logger.info("Logs of this run: \(run.logsDir) (also \(run.logsLink))")
        for (component, path) in plan.logFiles {
            logger.info("  \(component): \(path)")
        }
    }
}
