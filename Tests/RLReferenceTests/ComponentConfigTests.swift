import Foundation
import RunlogConfig
import Testing

@testable import RLReference

@Suite struct ComponentConfigTests {
    @Test func emptyJSONDecodesToTheDefaults() throws {
        let data = Data("{}".utf8)
        #expect(try JSONDecoder().decode(InferenceConfig.self, from: data) == InferenceConfig())
        #expect(try JSONDecoder().decode(OrchestratorConfig.self, from: data) == OrchestratorConfig())
        #expect(try JSONDecoder().decode(TrainerConfig.self, from: data) == TrainerConfig())
    }

    @Test func keysAreSnakeCaseAndRoundTrip() throws {
        var config = OrchestratorConfig()
        config.maxAsyncLevel = 2
        config.log.vfLevel = "debug"
        config.log.envWorkerLogs = false
        config.env = [EnvironmentConfig(id: "add_digits", name: "math", workersPerEnv: 3)]
        let json = String(decoding: try JSONEncoder().encode(config), as: UTF8.self)
        for key in ["max_async_level", "vf_level", "env_worker_logs", "workers_per_env", "rollouts_per_example"] {
            #expect(json.contains("\"\(key)\""), "\(key) missing from \(json)")
        }
        #expect(try JSONDecoder().decode(OrchestratorConfig.self, from: Data(json.utf8)) == config)
    }

    @Test func partialNestedSectionsKeepTheirOtherDefaults() throws {
        let json = #"{"log": {"vf_level": "warning"}, "env": [{"id": "add_digits"}], "max_steps": 7}"#
        let config = try JSONDecoder().decode(OrchestratorConfig.self, from: Data(json.utf8))
        #expect(config.log.vfLevel == "warning")
        #expect(config.log.level == "info")
        #expect(config.env == [EnvironmentConfig(id: "add_digits", workersPerEnv: 2)])
        #expect(config.maxSteps == 7)
    }

    @Test func defaultsAreValid() throws {
        try InferenceConfig().validate()
        try OrchestratorConfig().validate()
        try TrainerConfig().validate()
    }

    @Test func validationNamesTheKey() {
        func key(_ body: () throws -> Void) -> String? {
            do {
                try body()
                return nil
            } catch {
                return (error as? ConfigIssue)?.key
            }
        }
        var trainer = TrainerConfig()
        trainer.optimizer = "lion"
        #expect(key { try trainer.validate() } == "optimizer")
        var orchestrator = OrchestratorConfig()
        orchestrator.log.vfLevel = "loud"
        #expect(key { try orchestrator.validate() } == "log.vf_level")
        orchestrator = OrchestratorConfig()
        orchestrator.batchSize = 100
        #expect(key { try orchestrator.validate() } == "batch_size")
        orchestrator = OrchestratorConfig()
        orchestrator.env.append(EnvironmentConfig(id: "reverse_text"))
        orchestrator.batchSize = 48
        #expect(key { try orchestrator.validate() } == "env[2].name")
        orchestrator = OrchestratorConfig()
        orchestrator.env[0].id = "chess"
        #expect(key { try orchestrator.validate() } == "env[0].id")
        var inference = InferenceConfig()
        inference.host = "0.0.0.0"
        #expect(key { try inference.validate() } == "host")
    }

    @Test func loadConfigRejectsAnInvalidFileWithTheSectionInTheMessage() throws {
        let harness = try ComponentHarness()
        var config = TrainerConfig()
        config.learningRate = -1
        let path = try harness.writeConfig(config, name: "trainer")
        do {
            _ = try ComponentLaunch.loadConfig(TrainerConfig.self, path: path, section: "trainer")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("trainer.learning_rate"))
        }
    }
}
