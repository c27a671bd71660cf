import ArgumentParser
import Foundation
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
        let resolved: OrchestratorConfig
        do {
            resolved = try ComponentLaunch.loadConfig(OrchestratorConfig.self, path: config, section: "orchestrator")
        } catch {
            FileHandle.standardError.write(Data("orchestrator: \(error)\n".utf8))
            throw ExitCode(2)
        }
        try OrchestratorComponent.run(config: resolved)
    }
}
