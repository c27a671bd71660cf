import Foundation
import RunlogSupervisor
import RunlogWatch

/// Runs the ranks of each attempt under a Supervisor, restarts the group after a failure while
/// restarts are left, and prints the failure summary. rankrun's own messages go to stderr, so the
/// ranks' stdout stays clean.
struct GroupLauncher {
    let layout: RankLayout
    let gracePeriod: Duration
    /// Whether the same tee'd line from several ranks is printed once, then once more with
    /// ` [repeated Nx across ranks]` when its window ends (Ray-style); on only when several ranks are tee'd.
    let collapsesRepeats: Bool

    /// Exit status: 0 success, 1 a rank failed, 127 a rank could not be started, 128+N signal N.
    func runAllAttempts() -> Int32 {
        var nextAttemptNumber = 0
        for restartCount in 0...layout.maxRestarts {
            let attempt: (number: Int, path: String)
            do {
                attempt = try layout.createAttemptDirectory(startingAt: nextAttemptNumber)
            } catch {
                Self.say(error.description)
                return 1
            }
            nextAttemptNumber = attempt.number + 1
            let (outcome, startError) = runAttempt(directory: attempt.path, restartCount: restartCount)
            if let startError {
                Self.say(startError.description)
                return 127
            }
            if outcome.succeeded {
                return 0
            }
            if case .signal = outcome.stopReason {
                Self.say("stopped: \(outcome.stopReason.map(\.description) ?? "")")
                return outcome.suggestedExitStatus
            }
            if restartCount < layout.maxRestarts {
                let cause = outcome.rootCause.map { "\($0.name) \($0.status)" } ?? "failure"
                Self.say(
                    "attempt \(attempt.number) failed (\(cause)); restarting the group "
                        + "(\(restartCount + 1) of \(layout.maxRestarts))"
                )
                continue
            }
            FileHandle.standardError.write(
                Data(outcome.failureSummary(title: layout.command.joined(separator: " ")).utf8)
            )
            return outcome.suggestedExitStatus
        }
        return 1
    }

    private func runAttempt(directory: String, restartCount: Int) -> (SupervisorOutcome, SupervisorError?) {
        var options = SupervisorOptions(gracePeriod: gracePeriod)
        // Without collapsing, the supervisor's default sink writes each batch of lines with one write(2).
        var console: RepeatedLineConsole<ConsoleStream>?
        if collapsesRepeats, let direct = options.consoleSink {
            let dedup = RepeatedLineConsole<ConsoleStream>(noun: "ranks") { stream, bytes in
                direct(ConsoleLines(stream: stream, source: "", prefixLength: 0, bytes: bytes))
            }
            options.consoleSink = { lines in
                dedup.submit(lines.stream, source: lines.source, prefixLength: lines.prefixLength, lines: lines.bytes)
            }
            console = dedup
        }
        defer { console?.flush() }
        let grace = gracePeriod
        options.onEvent = { event in
            switch event {
            case .started:
                break
            case .exited(let report):
                if report.isFailure {
                    Self.say("\(report.name) (pid \(report.pid)) failed: \(report.status)")
                }
            case .stopping(let reason, let signal):
                Self.say(
                    "\(reason); sending \(ExitStatus.name(ofSignal: signal)) to all ranks (SIGKILL after \(grace))"
                )
            case .killing(let names):
                Self.say("grace period over; SIGKILL to \(names.joined(separator: ", "))")
            }
        }
        let supervisor: Supervisor
        do {
            supervisor = try Supervisor(options: options)
        } catch {
            return (SupervisorOutcome(children: [], stopReason: nil, rootCause: nil), error)
        }
        var startError: SupervisorError?
        for localRank in 0..<layout.localWorldSize {
            let spec = layout.spec(localRank: localRank, attemptDirectory: directory, restartCount: restartCount)
            do {
                try supervisor.start(spec)
            } catch {
                if !supervisor.isStopping {
                    startError = error
                    supervisor.stop(reason: "rank \(localRank) could not be started")
                }
                break
            }
        }
        return (supervisor.waitUntilFinished(), startError)
    }

    static func say(_ message: String) {
        FileHandle.standardError.write(Data("rankrun: \(message)\n".utf8))
    }
}
