import ArgumentParser
import RLReference

/// `orchestrator [--config PATH]`: the reference workload's orchestrator (see `ComponentLaunch`).
@main
struct OrchestratorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "orchestrator",
        abstract: "Generate rollouts with env workers and the inference server; write training batches."
    )

    @Option(help: "JSON file with the resolved [orchestrator] config; defaults when omitted.")
    var config: String?

    func run() throws {
        try ComponentLaunch.run(
            OrchestratorConfig.self,
            configPath: config,
            section: "orchestrator",
            OrchestratorComponent.run(config:)
        )
    }
}
