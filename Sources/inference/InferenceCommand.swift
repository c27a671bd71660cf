import ArgumentParser
import Foundation
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
        let resolved: InferenceConfig
        do {
            resolved = try ComponentLaunch.loadConfig(InferenceConfig.self, path: config, section: "inference")
        } catch {
            FileHandle.standardError.write(Data("inference: \(error)\n".utf8))
            throw ExitCode(2)
        }
        try InferenceComponent.run(config: resolved)
    }
}
