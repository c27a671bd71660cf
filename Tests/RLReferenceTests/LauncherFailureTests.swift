import Foundation
import Testing

/// A component dying mid-run, and signals to `rl`: the run stops with a summary naming the cause, and no
/// process of the tree survives (counted by pid, never by name).
@Suite(.serialized) struct LauncherFailureTests {
    /// A run that lasts until something stops it, with a short grace period.
    static let longRun = [
        "--max-steps", "100000", "--orchestrator.batch-size", "32", "--launcher.grace-period-seconds", "3",
    ]
    static let grace = 3.0

    /// Starts a long run and waits until the orchestrator has logged two steps.
    private func startLongRun(_ harness: LauncherHarness) throws -> LauncherHarness.Run {
        let run = try harness.start(Self.longRun + ["--output-dir", harness.outputDir])
        let stepping = run.waitFor(timeout: 60) {
            LogLines.rewards(in: harness.read(harness.logsDir + "/orchestrator.log")).count >= 2
        }
        #expect(stepping, "the run did not start stepping; stdout: \(run.stdout.suffix(1500)) stderr: \(run.stderr)")
        return run
    }

    private func componentPID(of component: String, in harness: LauncherHarness) -> Int32? {
        let log = LogLines.plain(harness.read(harness.logsDir + "/rl.log"))
        guard let match = log.firstMatch(of: try! Regex("Started \(component) \\(pid (\\d+)\\)")) else { return nil }
        return Int32(match.output[1].substring ?? "")
    }

    @discardableResult
    private func expectComponentKillStopsTheRun(
        _ component: String,
        victim: (LauncherHarness, Int32) -> Int32?
    ) throws -> String {
        let harness = try LauncherHarness()
        let run = try startLongRun(harness)
        let started = try #require(componentPID(of: component, in: harness))
        let chosen = victim(harness, started)
        let target = try #require(chosen)
        let stepsBefore = LogLines.rewards(in: harness.read(harness.logsDir + "/orchestrator.log")).count
        #expect(kill(target, SIGKILL) == 0)
        let status = run.wait(timeout: 30)
        #expect(status == 1, "rl should exit 1 after \(component) died; stdout: \(run.stdout.suffix(2000))")
        let rlLog = LogLines.plain(harness.read(harness.logsDir + "/rl.log"))
        #expect(rlLog.contains("Run failed: \(component) ended with"), "rl.log: \(rlLog.suffix(3000))")
        #expect(rlLog.contains("Root cause"))
        #expect(rlLog.contains("name") && rlLog.contains(": \(component)"))
        #expect(rlLog.contains("last "), "the summary shows the tail of the component's log")
        #expect(LogLines.plain(run.stdout).contains("Run failed: \(component)"))
        #expect(LogLines.rewards(in: harness.read(harness.logsDir + "/orchestrator.log")).count >= stepsBefore)
        #expect(run.survivors(after: Self.grace + 1).isEmpty, "survivors after \(component) was killed")
        return rlLog
    }

    @Test(.enabled(if: LauncherHarness.componentsAreBuilt))
    func orchestratorKilledMidRunStopsTheRunWithItsSummary() throws {
        let rlLog = try expectComponentKillStopsTheRun("orchestrator") { _, pid in pid }
        #expect(rlLog.contains("orchestrator ended with signal SIGKILL (9)"))
        #expect(rlLog.contains("orchestrator.stdout:"), "the summary names the log it shows")
    }

    @Test(.enabled(if: LauncherHarness.componentsAreBuilt))
    func inferenceKilledMidRunStopsTheRunNamingSIGKILL() throws {
        let harness = try LauncherHarness()
        let run = try startLongRun(harness)
        let inferencePID = try #require(componentPID(of: "inference", in: harness))
        #expect(kill(inferencePID, SIGKILL) == 0)
        #expect(run.wait(timeout: 30) == 1)
        let rlLog = LogLines.plain(harness.read(harness.logsDir + "/rl.log"))
        #expect(rlLog.contains("Run failed: inference ended with signal SIGKILL (9)"), "rl.log: \(rlLog.suffix(3000))")
        #expect(rlLog.contains("inference.stdout"))
        #expect(run.survivors(after: Self.grace + 1).isEmpty)
    }

    @Test(.enabled(if: LauncherHarness.componentsAreBuilt))
    func trainerRankKilledMidRunStopsTheRun() throws {
        let rlLog = try expectComponentKillStopsTheRun("trainer") { _, rankrun in
            // Rank 1: the descendant of the rank launcher whose environment says RANK=1.
            ProcessTree.descendants(of: rankrun).keys.first { pid in
                let environ = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/environ"))) ?? Data()
                return environ.split(separator: 0).contains { $0.elementsEqual("RANK=1".utf8) }
            }
        }
        #expect(rlLog.contains("trainer reports its own root cause"), "rl.log: \(rlLog.suffix(3000))")
        #expect(rlLog.contains("signal SIGKILL (9)"), "the rank launcher's root cause names the rank's signal")
        #expect(rlLog.contains("rank") && rlLog.contains(": 1 (local_rank: 1)"), "and the rank")
    }

    @Test(.enabled(if: LauncherHarness.componentsAreBuilt))
    func sigtermToRlStopsEveryComponentCleanly() throws {
        let harness = try LauncherHarness()
        let run = try startLongRun(harness)
        let seen = run.waitFor(timeout: 10) { run.descendants.count >= 7 }
        #expect(seen, "inference, orchestrator, 4 env workers, rankrun and ranks: \(run.descendants)")
        #expect(kill(run.pid, SIGTERM) == 0)
        let status = run.wait(timeout: Self.grace + 10)
        #expect(status == 128 + SIGTERM)
        let rlLog = LogLines.plain(harness.read(harness.logsDir + "/rl.log"))
        #expect(rlLog.contains("Run stopped: received SIGTERM"), "rl.log: \(rlLog.suffix(2000))")
        #expect(run.survivors(after: Self.grace + 1).isEmpty)
    }

    @Test(.enabled(if: LauncherHarness.componentsAreBuilt), arguments: [SIGINT, SIGHUP])
    func interruptOrHangupToRlStopsEveryComponentCleanly(signal: Int32) throws {
        let harness = try LauncherHarness()
        let run = try startLongRun(harness)
        #expect(kill(run.pid, signal) == 0)
        #expect(run.wait(timeout: Self.grace + 10) == 128 + signal)
        #expect(LogLines.plain(harness.read(harness.logsDir + "/rl.log")).contains("Run stopped: received SIG"))
        #expect(run.survivors(after: Self.grace + 1).isEmpty)
    }

    @Test(.enabled(if: LauncherHarness.componentsAreBuilt))
    func sigkillToRlLeavesNoSurvivors() throws {
        let harness = try LauncherHarness()
        let run = try startLongRun(harness)
        // Let the watcher see the whole tree, env workers and ranks included.
        let seen = run.waitFor(timeout: 10) { run.descendants.count >= 7 }
        #expect(seen, "inference, orchestrator, 4 env workers, rankrun and ranks: \(run.descendants)")
        #expect(kill(run.pid, SIGKILL) == 0)
        _ = run.wait(timeout: 10)
        #expect(run.survivors(after: Self.grace + 1).isEmpty)
    }
}
