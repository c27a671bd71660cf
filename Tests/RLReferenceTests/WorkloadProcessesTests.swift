import Foundation
import Testing

@testable import RLReference

/// The whole workload as separate processes (inference, orchestrator with its env workers, two trainer
/// ranks), started the way the `rl` launcher starts them.
@Suite(.serialized) struct WorkloadProcessesTests {
    /// Starts every component for `orchestrator` and waits for the orchestrator and the trainer ranks.
    private func runWorkload(
        _ harness: ComponentHarness,
        orchestrator: OrchestratorConfig,
        timeout: Duration = .seconds(90)
    ) throws -> (orchestrator: Int32?, trainers: [Int32?]) {
        var inference = InferenceConfig()
        inference.outputDir = harness.outputDir
        var trainer = TrainerConfig()
        trainer.outputDir = harness.outputDir
        trainer.maxSteps = orchestrator.maxSteps
        let server = try harness.start(
            "inference",
            arguments: ["--config", try harness.writeConfig(inference, name: "inference")],
            logName: "inference.stdout"
        )
        defer { kill(server.processIdentifier, SIGTERM) }
        let orchestratorProcess = try harness.start(
            "orchestrator",
            arguments: ["--config", try harness.writeConfig(orchestrator, name: "orchestrator")],
            logName: "orchestrator.stdout"
        )
        let port = try ComponentHarness.freePort()
        let trainerPath = try harness.writeConfig(trainer, name: "trainer")
        let ranks = try (0..<trainer.nprocPerNode).map { rank in
            try harness.start(
                "trainer",
                arguments: ["--config", trainerPath],
                environment: ["RANK": "\(rank)", "WORLD_SIZE": "\(trainer.nprocPerNode)", "MASTER_PORT": "\(port)"],
                logName: "trainer_\(rank).stdout"
            )
        }
        let orchestratorStatus = harness.waitForExit(orchestratorProcess, timeout: timeout)
        return (orchestratorStatus, ranks.map { harness.waitForExit($0, timeout: .seconds(30)) })
    }

    private func config(_ harness: ComponentHarness, steps: Int) -> OrchestratorConfig {
        var config = OrchestratorConfig()
        config.outputDir = harness.outputDir
        config.maxSteps = steps
        return config
    }

    /// The `Reward:` values of the orchestrator's step lines.
    private func rewards(in log: String) -> [Double] {
        log.split(separator: "\n").compactMap { line in
            guard let range = line.range(of: "| Reward: ") else { return nil }
            return Double(line[range.upperBound...].prefix { $0 != " " })
        }
    }

    @Test func defaultWorkloadLearnsFromChanceToNinetyPercentReward() throws {
        let harness = try ComponentHarness()
        let start = ContinuousClock.now
        let status = try runWorkload(harness, orchestrator: config(harness, steps: OrchestratorConfig().maxSteps))
        let seconds = (ContinuousClock.now - start).seconds
        #expect(status.orchestrator == 0)
        #expect(status.trainers == [0, 0])
        let log = harness.read(harness.paths.orchestratorLog)
        let rewards = rewards(in: log)
        #expect(rewards.count == OrchestratorConfig().maxSteps)
        #expect((rewards.first ?? 1) < 0.4)  // chance: (1/3 + 1/10) / 2
        #expect((rewards.last ?? 0) >= 0.9)
        #expect(log.contains("SUCCESS Step 1 | Time: "))
        #expect(log.contains("| Seq. Length: 2.0 | Async Level: "))
        #expect(seconds < 60, "took \(seconds) s")
        let summary = try #require(OrchestratorSummary.read(outputDir: harness.outputDir))
        #expect(summary.finalReward >= 0.9)
        #expect((summary.secondsToRewardThreshold ?? .infinity) < 45)
        for env in ["reverse_text", "add_digits"] {
            let envLog = harness.read(harness.paths.envWorkerLog(name: env, index: 0, layout: "per_env"))
            #expect(envLog.contains("[\(env)_0] "))
            #expect(envLog.contains("[\(env)_1] "))
            #expect(envLog.contains("[verifiers.\(env)] Loaded environment"))
        }
        // The last step may use weights up to max_async_level steps old: version steps - 2 or newer.
        let loaded = harness.read("logs/inference.stdout").split(separator: "\n").compactMap { line in
            line.range(of: "Loaded policy weights version ").flatMap { Int(line[$0.upperBound...]) }
        }
        #expect((loaded.max() ?? 0) >= summary.steps - 1 - OrchestratorConfig().maxAsyncLevel)
        #expect(loaded == loaded.sorted())
    }

    @Test func envWorkerLogsFalseSendsWorkerLinesToTheOrchestratorsStdout() throws {
        let harness = try ComponentHarness()
        var config = config(harness, steps: 3)
        config.log.envWorkerLogs = false
        let status = try runWorkload(harness, orchestrator: config)
        #expect(status.orchestrator == 0)
        #expect(!FileManager.default.fileExists(atPath: harness.paths.envWorkerLogsDir))
        let stdout = harness.read("logs/orchestrator.stdout")
        #expect(stdout.contains("[reverse_text_1] Env worker reverse_text_1"))
        #expect(stdout.contains("[add_digits_0] [verifiers.add_digits] Loaded environment"))
    }

    @Test func perWorkerLayoutWritesOneFilePerWorker() throws {
        let harness = try ComponentHarness()
        var config = config(harness, steps: 2)
        config.log.envWorkerLogLayout = "per_worker"
        config.env = [EnvironmentConfig(id: "add_digits", name: "math", workersPerEnv: 3)]
        config.batchSize = 64
        let status = try runWorkload(harness, orchestrator: config)
        #expect(status.orchestrator == 0)
        for index in 0..<3 {
            let log = harness.read(harness.paths.envWorkerLog(name: "math", index: index, layout: "per_worker"))
            #expect(log.contains("[math_\(index)] Env worker math_\(index)"))
            #expect(!log.contains("[math_\((index + 1) % 3)]"))
        }
    }

    @Test func vfLevelSetsTheEnvironmentsLevelIndependentlyOfLevel() throws {
        let harness = try ComponentHarness()
        var config = config(harness, steps: 2)
        config.log.level = "info"
        config.log.vfLevel = "debug"
        #expect(try runWorkload(harness, orchestrator: config).orchestrator == 0)
        let verbose = harness.read(harness.paths.envWorkerLog(name: "reverse_text", index: 0, layout: "per_env"))
        #expect(verbose.contains("[verifiers.reverse_text] Scored "))  // environment debug: shown
        #expect(!verbose.contains("Sampled "))  // worker debug: hidden at level info

        let quiet = try ComponentHarness()
        var quietConfig = self.config(quiet, steps: 2)
        quietConfig.log.level = "debug"
        quietConfig.log.vfLevel = "warning"
        #expect(try runWorkload(quiet, orchestrator: quietConfig).orchestrator == 0)
        let log = quiet.read(quiet.paths.envWorkerLog(name: "reverse_text", index: 0, layout: "per_env"))
        #expect(log.contains("Sampled "))  // worker debug: shown at level debug
        #expect(!log.contains("[verifiers."))  // environment info and debug: hidden at vf_level warning
    }

    @Test func sigtermStopsTheOrchestratorAndItsEnvWorkers() throws {
        let harness = try ComponentHarness()
        var config = config(harness, steps: 5)
        config.waitTimeoutSeconds = 60
        // No inference server: the orchestrator starts its workers and waits for the port file.
        let process = try harness.start(
            "orchestrator",
            arguments: ["--config", try harness.writeConfig(config, name: "orchestrator")],
            logName: "orchestrator.stdout"
        )
        let started = Waiting.until(timeout: .seconds(20)) {
            harness.read(harness.paths.orchestratorLog).contains("Started 4 env workers")
        }
        #expect(started == .satisfied)
        let pids = ["reverse_text", "add_digits"].flatMap { env in
            harness.read(harness.paths.envWorkerLog(name: env, index: 0, layout: "per_env"))
                .split(separator: "(pid ").dropFirst().compactMap { Int32($0.prefix { $0.isNumber }) }
        }
        #expect(pids.count == 4)
        kill(process.processIdentifier, SIGTERM)
        #expect(harness.waitForExit(process, timeout: .seconds(15)) == 128 + SIGTERM)
        #expect(pids.allSatisfy { kill($0, 0) != 0 })
        #expect(
            harness.read(harness.paths.orchestratorLog).contains(
                "received SIGTERM while waiting for the inference server"
            )
        )
    }
}
