import ArgumentParser
import Foundation
import RLReference

/// `trainer [--config PATH]`: one rank of the reference workload's trainer (see `ComponentLaunch`).
@main
struct TrainerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trainer",
        abstract: "Train the tabular policy on the orchestrator's batches (one process per rank, under rankrun)."
    )

    @Option(help: "JSON file with the resolved [trainer] config; defaults when omitted.")
    var config: String?

    func run() throws {
        let resolved: TrainerConfig
        do {
            resolved = try ComponentLaunch.loadConfig(TrainerConfig.self, path: config, section: "trainer")
        } catch {
            FileHandle.standardError.write(Data("trainer: \(error)\n".utf8))
            throw ExitCode(2)
        }
        try TrainerComponent.run(config: resolved)
    }
}
