import RunlogConfig
import Testing

@Suite struct ConfigHelpAndRenderingTests {
    @Test func helpListsEveryOptionWithTypeDefaultAndDescription() {
        let options = ConfigHelp.options(for: SampleConfig.self)
        let names = options.map(\.name)
        #expect(names.contains("--output-dir"))
        #expect(names.contains("--trainer.nproc-per-node"))
        #expect(names.contains("--orchestrator.log.env-worker-logs"))
        #expect(names.contains("--orchestrator.env"))
        #expect(names.contains("--orchestrator.env.N.workers-per-env"))
        let nproc = options.first { $0.name == "--trainer.nproc-per-node" }
        #expect(nproc?.type == "integer")
        #expect(nproc?.defaultValue == "1")
        #expect(nproc?.summary == "Ranks per node")
        #expect(ConfigHelp.text(for: SampleConfig.self).contains("Where outputs go (default: \"outputs\")"))
    }

    @Test func renderedConfigLoadsBackToTheSameValue() throws {
        var config = SampleConfig()
        config.trainer.nprocPerNode = 3
        config.orchestrator.env = [EnvSection(name: "z")]
        config.log.level = .warning
        let text = try ConfigRendering.toml(config)
        #expect(try ConfigLoader(SampleConfig.self).load(toml: text) == config)
    }
}
