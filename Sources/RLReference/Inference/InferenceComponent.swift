import Foundation
import Runlog

/// The inference server process: what the `inference` executable runs.
public enum InferenceComponent {
    /// Sets up the logger (stdout only), binds the port, publishes it to the port file and serves until
    /// SIGTERM or SIGINT, then exits 0.
    /// - Parameter config: the validated config.
    public static func run(config: InferenceConfig) throws -> Never {
        let logger = try setupLogger(level: config.log.logLevel, tag: "inference")
        let paths = RunPaths(outputDir: config.outputDir)
        let server = InferenceServer(weightsFile: paths.weightsFile, seed: config.seed, logger: logger)
        let http = try HTTPServer(
            host: config.host,
            port: config.port,
            onProtocolError: { logger.warning("Closed a connection after a malformed request: \($0)") },
            handler: server.handle
        )
        let signalSources = installShutdownHandlers(logger: logger)
        try AtomicFile.write(Data("\(http.port)\n".utf8), to: config.resolvedPortFile)
        logger.info(
            "Serving the tabular policy on http://\(config.host):\(http.port) (POST /v1/completions, GET /health); "
                + "port written to \(config.resolvedPortFile); weights from \(paths.weightsFile)"
        )
        withExtendedLifetime(signalSources) { http.serveForever() }
        logger.error("The listening socket failed; exiting")
        logger.flush()
        exit(1)
    }

    /// SIGTERM/SIGINT end the server cleanly: log, flush, exit 0 (the launcher stops inference this way
    /// when the run is done).
    static func installShutdownHandlers(logger: RunlogLogger) -> [any DispatchSourceSignal] {
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGTERM, SIGINT] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                logger.info("Received \(number == SIGTERM ? "SIGTERM" : "SIGINT"): shutting down")
                logger.flush()
                exit(0)
            }
            source.resume()
            sources.append(source)
        }
        return sources
    }
}
