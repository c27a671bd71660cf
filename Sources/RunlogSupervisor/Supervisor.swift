import Dispatch
import Synchronization

/// Starts and supervises a group of child processes: each in its own session and process group,
/// killed by the kernel if the supervisor dies, stopped together on the first failure (SIGTERM to each
/// process group, then SIGKILL after a grace period), with signals forwarded and a summary at the end.
///
/// ```swift
/// import RunlogSupervisor
///
/// let supervisor = try Supervisor(options: SupervisorOptions(gracePeriod: .seconds(10)))
/// var inference = ChildSpec(name: "inference", executable: "inference", arguments: ["--port", "8000"])
/// inference.standardOutput = .file(path: "outputs/logs/inference.stdout")
/// inference.standardError = inference.standardOutput
/// inference.summaryLogFiles = ["outputs/logs/inference.stdout"]
/// try supervisor.start(inference)
///
/// var trainer = ChildSpec(name: "trainer", executable: "rankrun", arguments: ["--nproc-per-node", "2", "trainer"])
/// trainer.standardOutput = .fileAndConsole(path: "outputs/logs/trainer.stdout", linePrefix: "")
/// trainer.whenSucceeds = .stopOthers          // the trainer finishing ends the run
/// try supervisor.start(trainer)
///
/// let outcome = await supervisor.wait()       // or supervisor.waitUntilFinished() from synchronous code
/// if !outcome.succeeded {
///     FileHandle.standardError.write(outcome.failureSummary(title: "rl").data(using: .utf8)!)
/// }
/// exit(outcome.suggestedExitStatus)
/// ```
///
/// The group ends when every child has exited and either ``wait()`` (or ``waitUntilFinished()``) was
/// called, meaning no more children will be started, or the group was stopped. Children are forked from
/// the supervisor's own thread, which lives until the last child is reaped: Linux sends the
/// parent-death signal when the forking *thread* exits, so forking from a pooled thread that may retire
/// when idle would kill children at random.
public final class Supervisor: Sendable {
    private let loop: SupervisorLoop

    /// Creates a supervisor and its thread. Forwarded signals are caught from now until the group ends.
    /// - Parameter options: Grace period, forwarded signals, parent-death signal and callbacks.
    /// - Throws: ``SupervisorError`` when the kernel refuses a pipe or an inotify instance.
    public init(options: SupervisorOptions = SupervisorOptions()) throws(SupervisorError) {
        loop = try SupervisorLoop(options: options)
        loop.startThread()
    }

    /// Starts a child and returns its pid once the program is running (exec succeeded).
    ///
    /// - Parameter spec: What to run and where its output goes.
    /// - Returns: The child's pid, which is also its process group id.
    /// - Throws: ``SupervisorError`` when the program cannot be found or executed, a log file cannot be
    ///   opened, or the group is already stopping or finished.
    @discardableResult
    public func start(_ spec: ChildSpec) throws(SupervisorError) -> Int32 {
        try loop.submitStart(spec)
    }

    /// Starts stopping the group: each running child's process group gets SIGTERM, then SIGKILL after
    /// the grace period. Returns at once; ``wait()`` returns when all have exited.
    /// - Parameter reason: Recorded as ``StopReason/requested(_:)``.
    public func stop(reason: String = "stop requested") {
        loop.submit(.stop(reason))
    }

    /// Whether the group is stopping or finished (no more children can be started).
    public var isStopping: Bool { loop.isStopping }

    /// Waits until every child has exited, then returns what happened. Calling it also says that no more
    /// children will be started.
    /// - Returns: The outcome with every child's report and the root cause of a failure.
    public func wait() async -> SupervisorOutcome {
        loop.submit(.seal)
        return await withCheckedContinuation { continuation in
            loop.finished.notify(queue: .global()) { [loop] in
                continuation.resume(returning: loop.outcome)
            }
        }
    }

    /// Blocking form of ``wait()`` for synchronous code such as a command's `run()`.
    /// - Returns: The outcome with every child's report and the root cause of a failure.
    public func waitUntilFinished() -> SupervisorOutcome {
        loop.submit(.seal)
        loop.finished.wait()
        return loop.outcome
    }
}
