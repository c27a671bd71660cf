import ArgumentParser
import RLReference

/// `inference [--config PATH]`: the reference workload's inference server (see `ComponentLaunch`).
@main
struct InferenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inference",
        abstract: "Serve completions from the current tabular policy over HTTP (POST /v1/completions)."
    )

    @Option(help: "JSON file with the resolved [inference] config; defaults when omitted.")
    var config: String?

    func run() throws {
        try ComponentLaunch.run(
            InferenceConfig.self,
            configPath: config,
            section: "inference",
            InferenceComponent.run(config:)
        )
    }
}
