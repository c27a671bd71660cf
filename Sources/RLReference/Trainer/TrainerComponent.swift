import Foundation
import Runlog

/// A trainer rank process: what the `trainer` executable runs (one per rank, under `rankrun`).
public enum TrainerComponent {
    /// Reads `RANK`, `WORLD_SIZE`, `MASTER_ADDR`, `MASTER_PORT` (defaults: rank 0 of 1, 127.0.0.1:29500),
    /// sets up the logger (`logs/trainer/rank_{RANK}.log` + stdout), joins the gradient all-reduce, trains
    /// `max_steps` steps and exits 0; on a failure logs it and exits 1.
    /// - Parameter config: the validated config.
    public static func run(config: TrainerConfig) throws -> Never {
        let environment = ProcessInfo.processInfo.environment
        let rank = Int(environment["RANK"] ?? "") ?? 0
        let worldSize = Int(environment["WORLD_SIZE"] ?? "") ?? 1
        let host = environment["MASTER_ADDR"].flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1"
        let port = Int(environment["MASTER_PORT"] ?? "") ?? 29500
        guard worldSize >= 1, (0..<worldSize).contains(rank) else {
            FileHandle.standardError.write(
                Data("trainer: RANK \(rank) is not in 0..<WORLD_SIZE (\(worldSize)); start it with rankrun\n".utf8)
            )
            exit(2)
        }
        let paths = RunPaths(outputDir: config.outputDir)
        let logger = try setupLogger(level: config.log.logLevel, logFile: paths.trainerLog(rank: rank))
        logger.info(
            "Trainer rank \(rank) of \(worldSize) starting: \(config.maxSteps) steps, \(config.optimizer) lr "
                + "\(config.learningRate), all-reduce via \(host):\(port)"
        )
        do {
            let allReduce = try GradientAllReduce(
                rank: rank,
                worldSize: worldSize,
                host: host,
                port: port,
                timeout: .seconds(config.waitTimeoutSeconds)
            )
            try Trainer(config: config, allReduce: allReduce, logger: logger).run()
        } catch {
            logger.error("Trainer rank \(rank) failed: \(error)")
            logger.flush()
            exit(1)
        }
        logger.success("Trainer rank \(rank) finished \(config.maxSteps) steps")
        logger.flush()
        exit(0)
    }
}
