import Foundation
import Runlog
import RunlogSupervisor
import Synchronization

/// The env-worker subprocesses of every environment, started and supervised through
/// `RunlogSupervisor` (own process groups, killed if the orchestrator dies, stopped together on a
/// failure or a forwarded SIGTERM/SIGINT), each connected back over loopback TCP.
final class EnvWorkerPool {
    private let supervisor: Supervisor
    private let stopReason = StopReasonBox()
    private var workers: [String: [TCPConnection]] = [:]
    private let logger: RunlogLogger

    /// Starts `workers_per_env` workers per environment and waits until all have connected.
    init(config: OrchestratorConfig, logger: RunlogLogger) throws(OrchestratorFailure) {
        self.logger = logger
        let paths = RunPaths(outputDir: config.outputDir)
        let listener: TCPListener
        do {
            listener = try TCPListener(host: "127.0.0.1", port: 0)
        } catch {
            throw OrchestratorFailure("cannot listen for env workers: \(error)")
        }
        defer { listener.close() }
        let stopReason = self.stopReason
        var options = SupervisorOptions(gracePeriod: .seconds(5))
        options.onEvent = { event in
            switch event {
            case .stopping(let reason, _):
                stopReason.value.withLock { if $0 == nil { $0 = reason } }
            case .exited(let report) where report.isFailure:
                logger.error("Env worker \(report.name) (pid \(report.pid)) exited with \(report.status)")
            default:
                break
            }
        }
        do {
            supervisor = try Supervisor(options: options)
        } catch {
            throw OrchestratorFailure("cannot start the env-worker supervisor: \(error)")
        }
        let command =
            config.envWorkerCommand.isEmpty
            ? ComponentLaunch.executable(named: ComponentLaunch.envWorkerExecutable) : config.envWorkerCommand
        var expected = 0
        for (envIndex, env) in config.env.enumerated() {
            for index in 0..<env.workersPerEnv {
                let name = env.resolvedName
                let logFile =
                    config.log.envWorkerLogs
                    ? paths.envWorkerLog(name: name, index: index, layout: config.log.envWorkerLogLayout) : nil
                let workerOptions = EnvWorkerOptions(
                    connect: "127.0.0.1:\(listener.port)",
                    envID: env.id,
                    envName: name,
                    index: index,
                    level: config.log.level,
                    vfLevel: config.log.vfLevel,
                    seed: config.seed &+ UInt64(envIndex) &* 1_000_003 &+ UInt64(index) &* 7919,
                    logFile: logFile,
                    sharedLogFile: config.log.envWorkerLogLayout == "per_env"
                )
                var spec = ChildSpec(name: "\(name)_\(index)", executable: command, arguments: workerOptions.arguments)
                spec.summaryLogFiles = logFile.map { [$0] } ?? []
                do {
                    let pid = try supervisor.start(spec)
                    logger.debug("Started env worker \(name)_\(index) (pid \(pid))")
                } catch {
                    supervisor.stop(reason: "an env worker could not start")
                    throw OrchestratorFailure(
                        "cannot start env worker \(name)_\(index) with \(command): \(error); set "
                            + "orchestrator.env_worker_command to the env-worker executable"
                    )
                }
                expected += 1
            }
        }
        try acceptWorkers(listener: listener, expected: expected, timeout: config.waitTimeoutSeconds)
        let counts = config.env.map { "\($0.resolvedName) × \($0.workersPerEnv)" }.joined(separator: ", ")
        logger.info("Started \(expected) env workers (\(counts))")
    }

    /// The signal or failure that made the supervisor stop the workers, as an orchestrator failure.
    func failure(during activity: String) -> OrchestratorFailure {
        switch stopReason.value.withLock({ $0 }) {
        case .signal(let number):
            return OrchestratorFailure(
                "received \(ExitStatus.name(ofSignal: number)) while \(activity); stopped the env workers",
                exitStatus: 128 + number
            )
        case .childFailed(let name):
            return OrchestratorFailure("env worker \(name) failed while \(activity)")
        case let reason?:
            return OrchestratorFailure("env workers stopped (\(reason)) while \(activity)")
        case nil:
            return OrchestratorFailure("lost the connection to an env worker while \(activity)")
        }
    }

    /// Whether the supervisor is stopping the workers (a signal or a failed worker).
    var isStopping: Bool { supervisor.isStopping }

    /// Samples `count` prompts from environment `env`, spread over its workers.
    func prompts(env: String, count: Int) throws(OrchestratorFailure) -> [String] {
        let connections = workers[env] ?? []
        let shares = Self.split(count, into: connections.count)
        let replies = try exchange(
            connections,
            shares.map { EnvWorkerRequest(op: "prompts", count: $0) },
            activity: "sampling \(env) prompts"
        )
        return replies.flatMap { $0.prompts ?? [] }
    }

    /// Scores `completions` of environment `env`, spread over its workers.
    func score(env: String, prompts: [String], completions: [String]) throws(OrchestratorFailure) -> [Double] {
        let connections = workers[env] ?? []
        var requests: [EnvWorkerRequest] = []
        var start = 0
        for share in Self.split(prompts.count, into: connections.count) {
            requests.append(
                EnvWorkerRequest(
                    op: "score",
                    prompts: Array(prompts[start..<start + share]),
                    completions: Array(completions[start..<start + share])
                )
            )
            start += share
        }
        let rewards = try exchange(connections, requests, activity: "scoring \(env)").flatMap { $0.rewards ?? [] }
        guard rewards.count == prompts.count else {
            throw OrchestratorFailure("env workers of \(env) returned \(rewards.count) rewards for \(prompts.count)")
        }
        return rewards
    }

    /// Tells every worker to exit and waits for them.
    func shutdown() {
        let line = Array(#"{"op":"shutdown"}"#.utf8) + [UInt8(ascii: "\n")]
        for connection in workers.values.joined() {
            try? connection.write(line)
        }
        let outcome = supervisor.waitUntilFinished()
        if !outcome.succeeded {
            logger.warning(
                "Env workers did not all exit cleanly: \(outcome.children.map { "\($0.name): \($0.status)" })"
            )
        }
    }

    /// Stops the workers after a failure (SIGTERM to each process group, then SIGKILL).
    func stop() {
        supervisor.stop(reason: "the orchestrator is exiting")
        _ = supervisor.waitUntilFinished()
    }

    /// Sends one request per connection (all first, so the workers run in parallel), then reads the replies.
    private func exchange(
        _ connections: [TCPConnection],
        _ requests: [EnvWorkerRequest],
        activity: String
    ) throws(OrchestratorFailure) -> [EnvWorkerReply] {
        do {
            for (connection, request) in zip(connections, requests) {
                try connection.write(String(decoding: try JSONEncoder().encode(request), as: UTF8.self) + "\n")
            }
            var replies: [EnvWorkerReply] = []
            for connection in connections.prefix(requests.count) {
                guard let line = try connection.readLine() else { throw failure(during: activity) }
                let reply = try JSONDecoder().decode(EnvWorkerReply.self, from: Data(line.utf8))
                if let error = reply.error { throw OrchestratorFailure("env worker error while \(activity): \(error)") }
                replies.append(reply)
            }
            return replies
        } catch let error as OrchestratorFailure {
            throw error
        } catch {
            throw isStopping ? failure(during: activity) : OrchestratorFailure("\(activity): \(error)")
        }
    }

    private func acceptWorkers(listener: TCPListener, expected: Int, timeout: Double) throws(OrchestratorFailure) {
        let deadline = ContinuousClock.now + .seconds(timeout)
        var connected = 0
        while connected < expected {
            var descriptor = pollfd(fd: listener.descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, 50)
            if isStopping { throw failure(during: "waiting for env workers to connect") }
            if ContinuousClock.now >= deadline {
                supervisor.stop(reason: "env workers did not connect")
                throw OrchestratorFailure("only \(connected) of \(expected) env workers connected within \(timeout) s")
            }
            guard ready > 0 else { continue }
            do {
                let connection = try listener.accept()
                guard let line = try connection.readLine(),
                    let hello = try? JSONDecoder().decode(EnvWorkerHello.self, from: Data(line.utf8))
                else { continue }
                workers[hello.env, default: []].append(connection)
                connected += 1
            } catch {
                throw OrchestratorFailure("accepting env workers failed: \(error)")
            }
        }
    }

    /// `total` split into `parts` near-equal shares.
    static func split(_ total: Int, into parts: Int) -> [Int] {
        guard parts > 0 else { return [] }
        return (0..<parts).map { total / parts + ($0 < total % parts ? 1 : 0) }
    }
}

/// The first reason the supervisor gave for stopping, shared with its event callback.
private final class StopReasonBox: Sendable {
    let value = Mutex<StopReason?>(nil)
}
