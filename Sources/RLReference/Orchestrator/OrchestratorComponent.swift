import Foundation
import Runlog

/// The orchestrator process: what the `orchestrator` executable runs.
public enum OrchestratorComponent {
    /// Sets up the logger (`logs/orchestrator.log` + stdout), starts the env workers, finds the
    /// inference server, runs the rollout loop, writes the summary and exits 0; on a failure logs it,
    /// stops the workers and exits 1 (128 + n after signal n).
    /// - Parameter config: the validated config.
    public static func run(config: OrchestratorConfig) throws -> Never {
        let paths = RunPaths(outputDir: config.outputDir)
        let logger = try setupLogger(level: config.log.logLevel, logFile: paths.orchestratorLog)
        logger.info(
            "Orchestrator starting: \(config.env.map(\.resolvedName).joined(separator: ", ")), \(config.maxSteps) "
                + "steps, batch \(config.batchSize) (\(config.rolloutsPerExample) rollouts per prompt), "
                + "max async level \(config.maxAsyncLevel)"
        )
        let pool: EnvWorkerPool
        do {
            pool = try EnvWorkerPool(config: config, logger: logger)
        } catch {
            fail(error, logger: logger, pool: nil)
        }
        let summary: OrchestratorSummary
        do {
            let client = try connectInference(config: config, pool: pool, logger: logger)
            summary = try Orchestrator(config: config, pool: pool, inference: client, logger: logger).run()
        } catch {
            fail(error, logger: logger, pool: pool)
        }
        do {
            try AtomicFile.write(
                JSONEncoder().encode(summary),
                to: OrchestratorSummary.path(outputDir: config.outputDir)
            )
        } catch {
            logger.warning("Cannot write the run summary: \(error)")
        }
        pool.shutdown()
        let reached = summary.firstStepAtRewardThreshold.map { step in
            "reward 0.9 first reached at step \(step) after "
                + "\(DecimalText.fixed(summary.secondsToRewardThreshold ?? 0, 1)) s"
        }
        logger.success(
            "Finished \(summary.steps) steps in \(DecimalText.fixed(summary.seconds, 1)) s: final reward "
                + "\(DecimalText.fixed(summary.finalReward, 4)); \(reached ?? "reward 0.9 not reached")"
        )
        logger.flush()
        exit(0)
    }

    private static func fail(_ failure: OrchestratorFailure, logger: RunlogLogger, pool: EnvWorkerPool?) -> Never {
        logger.error("Orchestrator failed: \(failure.description)")
        pool?.stop()
        logger.flush()
        exit(failure.exitStatus)
    }

    private static func connectInference(
        config: OrchestratorConfig,
        pool: EnvWorkerPool,
        logger: RunlogLogger
    ) throws(OrchestratorFailure) -> HTTPClient {
        let portFile = config.resolvedInferencePortFile
        var port: Int?
        let outcome = Waiting.until(
            timeout: .seconds(config.waitTimeoutSeconds),
            interval: .milliseconds(10),
            shouldAbandon: { pool.isStopping }
        ) {
            port = (try? String(contentsOfFile: portFile, encoding: .utf8)).flatMap {
                Int($0.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            return port != nil
        }
        switch outcome {
        case .satisfied: break
        case .abandoned: throw pool.failure(during: "waiting for the inference server")
        case .timedOut:
            throw OrchestratorFailure(
                "no inference port in \(portFile) after \(config.waitTimeoutSeconds) s: start the inference "
                    + "server with the same output_dir (or set orchestrator.inference_port_file)"
            )
        }
        let client = HTTPClient(host: "127.0.0.1", port: port!)
        do {
            let (status, body) = try client.get("/health")
            let health = try JSONDecoder().decode(HealthResponse.self, from: body)
            guard status == 200 else { throw OrchestratorFailure("inference /health answered \(status)") }
            logger.info("Connected to the inference server on port \(port!) (policy version \(health.policyVersion))")
        } catch let error as OrchestratorFailure {
            throw error
        } catch {
            throw OrchestratorFailure("inference server on port \(port!) (from \(portFile)) is not answering: \(error)")
        }
        return client
    }
}
