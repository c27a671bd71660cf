import Foundation
import RLLauncher
import RLReference
import RunlogConfig
import Testing

/// `RLConfig`: the shipped configs, shared keys, and the report read back from the orchestrator's log.
@Suite struct LauncherConfigTests {
    private let loader = ConfigLoader(RLConfig.self, environmentPrefix: RLCommand.environmentPrefix)

    @Test func shippedDefaultTOMLEqualsTheBuiltInDefaults() throws {
        let path = LauncherRunTests.configsDirectory.appendingPathComponent("default.toml").path
        #expect(try loader.load(files: [path]) == RLConfig())
    }

    @Test func shippedMultiEnvExampleHasTwoEnvironmentsTwoRanksAndWorkerLogs() throws {
        let path = LauncherRunTests.configsDirectory.appendingPathComponent("multi-env-multi-rank.toml").path
        let config = try loader.load(files: [path])
        #expect(config.orchestrator.env.count == 2)
        #expect(config.trainer.nprocPerNode == 2)
        #expect(config.orchestrator.log.envWorkerLogs)
    }

    @Test func sharedKeysAreCopiedIntoEveryComponent() throws {
        let arguments = try ConfigArguments(parsing: [
            "--output-dir", "elsewhere", "--max-steps", "7", "--log.level", "debug", "--trainer.log.level", "warning",
        ])
        let resolved = try loader.load(overrides: arguments.overrides).resolved
        #expect(resolved.inference.outputDir == "elsewhere")
        #expect(resolved.orchestrator.outputDir == "elsewhere")
        #expect(resolved.trainer.outputDir == "elsewhere")
        #expect(resolved.orchestrator.maxSteps == 7 && resolved.trainer.maxSteps == 7)
        #expect(resolved.inference.log.level == "debug")
        #expect(resolved.orchestrator.log.level == "debug")
        #expect(resolved.trainer.log.level == "warning", "a component's own level wins over [log]")
    }

    @Test func contradictingASharedKeyInAComponentIsAnError() throws {
        let arguments = try ConfigArguments(parsing: ["--max-steps", "5", "--trainer.max-steps", "9"])
        do {
            _ = try loader.load(overrides: arguments.overrides)
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .invalidValue)
            #expect(error.path?.description == "trainer.max_steps")
            #expect(error.description.contains("set max_steps = 9 at the top level instead"))
        }
    }

    @Test func environmentVariablesUseTheDocumentedPrefix() throws {
        let config = try loader.load(environment: [
            "RUNLOG_RL__ORCHESTRATOR__LOG__LEVEL": "debug", "RUNLOG_RL__TRAINER__NPROC_PER_NODE": "3",
        ])
        #expect(config.orchestrator.log.level == "debug")
        #expect(config.trainer.nprocPerNode == 3)
    }
}
