import ArgumentParser
import Foundation
import RLReference

/// `env-worker ...`: one environment worker, started by the orchestrator (see `EnvWorkerOptions`).
@main
struct EnvWorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "env-worker",
        abstract: "Serve one environment's prompts and rewards to the orchestrator (started by the orchestrator)."
    )

    @Option(help: "The orchestrator's worker address, host:port.")
    var connect: String
    @Option(help: "The built-in environment id (reverse_text, add_digits).")
    var envId: String
    @Option(help: "The environment name used in log tags and file names.")
    var envName: String
    @Option(help: "This worker's index within its environment.")
    var index: Int
    @Option(help: "Runlog level.")
    var level = "info"
    @Option(help: "Level of the environments' swift-log loggers (verifiers.*).")
    var vfLevel = "info"
    @Option(help: "Seed of the prompt sampler.")
    var seed: UInt64 = 0
    @Option(help: "Log file; standard output when omitted.")
    var logFile: String?
    @Flag(help: "The log file belongs to this worker alone (not opened for appending by others).")
    var ownLogFile = false

    func run() throws {
        let options = EnvWorkerOptions(
            connect: connect,
            envID: envId,
            envName: envName,
            index: index,
            level: level,
            vfLevel: vfLevel,
            seed: seed,
            logFile: logFile,
            sharedLogFile: !ownLogFile
        )
        do {
            try EnvWorker.run(options: options)
        } catch {
            FileHandle.standardError.write(Data("env-worker \(envName)_\(index): \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
