import ArgumentParser
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
        try ComponentLaunch.run(
            TrainerConfig.self,
            configPath: config,
            section: "trainer",
            TrainerComponent.run(config:)
        )
    }
}
