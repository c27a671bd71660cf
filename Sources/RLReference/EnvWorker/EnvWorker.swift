import Foundation
import Runlog

/// The env-worker process: one environment behind a line-based JSON protocol on a TCP connection to
/// the orchestrator (see ``EnvWorkerRequest``).
///
/// It resets any inherited Runlog logger and sets up its own, tagged `{env_name}_{index}`, appending to
/// the environment's shared log file (one `write(2)` per line on an `O_APPEND` descriptor, so workers
/// sharing the file never tear each other's lines), then routes the environment's swift-log loggers
/// (`verifiers.*`) into it at their own level.
public enum EnvWorker {
    /// A worker that cannot start or serve; the message says why.
    public struct Failure: Error, CustomStringConvertible {
        /// What went wrong.
        public let description: String
    }

    /// Runs the worker until the orchestrator sends `shutdown` (exit 0) or goes away (exit 1).
    /// - Parameter options: the worker's command-line options.
    public static func run(options: EnvWorkerOptions) throws -> Never {
        do {
            try EnvironmentName.validate(options.envName)
        } catch {
            throw Failure(description: error.message)
        }
        let level = try LogLevel(parsing: options.level)
        let vfLevel = try LogLevel(parsing: options.vfLevel)
        // A worker forked from a process with a logger would inherit it; start from a clean slate.
        resetLogger()
        let tag = "\(options.envName)_\(options.index)"
        let logger = try setupLogger(
            level: level,
            logFile: options.logFile,
            append: options.sharedLogFile,
            tag: tag
        )
        SwiftLogBridge.bootstrap(intercepting: ["verifiers": vfLevel])
        guard let environment = EnvironmentRegistry.make(options.envID) else {
            throw Failure(description: "unknown environment id '\(options.envID)'")
        }
        let parts = options.connect.split(separator: ":")
        guard parts.count == 2, let port = Int(parts[1]) else {
            throw Failure(description: "--connect must be host:port, got '\(options.connect)'")
        }
        let connection = try TCPConnection.connect(host: String(parts[0]), port: port, timeout: .seconds(30))
        // Logged before the hello, so the line is on disk by the time the orchestrator counts this worker.
        logger.info("Env worker \(tag) (pid \(getpid())) serving \(options.envID) for the orchestrator")
        let hello = EnvWorkerHello(env: options.envName, index: options.index, pid: getpid())
        try connection.write(String(decoding: try JSONEncoder().encode(hello), as: UTF8.self) + "\n")

        var rng = SeededGenerator(seed: options.seed)
        let space = type(of: environment).space
        var served = 0
        while let line = try connection.readLine() {
            let request: EnvWorkerRequest
            do {
                request = try JSONDecoder().decode(EnvWorkerRequest.self, from: Data(line.utf8))
            } catch {
                logger.error("Malformed request from the orchestrator: \(error)")
                exit(1)
            }
            var reply = EnvWorkerReply()
            switch request.op {
            case "prompts":
                let count = max(0, request.count ?? 0)
                reply.prompts = (0..<count).map { _ in space.prompts.randomElement(using: &rng)! }
                logger.debug("Sampled \(count) prompts")
            case "score":
                let prompts = request.prompts ?? []
                let completions = request.completions ?? []
                if prompts.count == completions.count {
                    reply.rewards = zip(prompts, completions).map { environment.reward(prompt: $0, completion: $1) }
                    served += prompts.count
                    let mean = (reply.rewards ?? []).reduce(0, +) / Double(max(1, prompts.count))
                    logger.debug("Scored \(prompts.count) completions, mean reward \(mean)")
                } else {
                    reply.error = "score needs as many prompts as completions"
                }
            case "shutdown":
                logger.info("Env worker \(tag) shutting down after scoring \(served) completions")
                logger.flush()
                exit(0)
            default:
                reply.error = "unknown op '\(request.op)': use prompts, score or shutdown"
            }
            try connection.write(String(decoding: try JSONEncoder().encode(reply), as: UTF8.self) + "\n")
        }
        logger.error("The orchestrator closed the connection; exiting")
        logger.flush()
        exit(1)
    }
}
