import Foundation
import Glibc
import Testing

@testable import RunlogSupervisor

extension ProcessTests {
    /// Signals to rankrun: forwarded with a bounded shutdown, and even SIGKILL leaves no rank (or process a
    /// rank started) behind. Liveness is checked by pid, never by name.
    @Suite struct SignalTests {
        /// A bash rank that records its pid and the pid of a grandchild it starts, then waits.
        private func sleeper(_ fixture: Fixture) throws {
            let pids = fixture.path("pids")
            try fixture.script(
                "sleeper.sh",
                """
                #!/bin/bash
                mkdir -p \(pids)
                sleep 60 &
                echo $! > \(pids)/$LOCAL_RANK.child
                echo $$ > \(pids)/$LOCAL_RANK
                echo ready
                wait
                """
            )
        }

        private func startAndWaitForRanks(_ fixture: Fixture, ranks: Int) throws -> RankRunProcess {
            let run = try RankRunProcess(
                [
                    "--nproc-per-node", String(ranks), "--grace-period", "1", "--tee", "3", "--log-dir",
                    fixture.path("logs"), "./sleeper.sh",
                ],
                in: fixture
            )
            #expect(waitUntil(timeout: 10) { fixture.reportedPIDs().count == 2 * ranks })
            #expect(fixture.reportedPIDs().allSatisfy(isAlive))
            return run
        }

        @Test func sigtermToRankrunLeavesNoProcessBehind() throws {
            let fixture = try Fixture()
            try sleeper(fixture)
            let run = try startAndWaitForRanks(fixture, ranks: 3)
            kill(run.pid, SIGTERM)
            #expect(run.waitForExit(timeout: 10) == 128 + SIGTERM)
            #expect(waitUntil(timeout: 2) { fixture.reportedPIDs().allSatisfy { !isAlive($0) } })
            #expect(run.stderr.contains("received SIGTERM"))
        }

        /// (A non-interactive bash starts `sleep &` with SIGQUIT ignored: the grace period's SIGKILL ends it.)
        @Test(arguments: [SIGHUP, SIGQUIT])
        func hangupAndQuitAreForwardedLikeSIGTERM(signal: Int32) throws {
            let fixture = try Fixture()
            try sleeper(fixture)
            let run = try startAndWaitForRanks(fixture, ranks: 2)
            kill(run.pid, signal)
            #expect(run.waitForExit(timeout: 10) == 128 + signal)
            #expect(waitUntil(timeout: 2) { fixture.reportedPIDs().allSatisfy { !isAlive($0) } })
            #expect(run.stderr.contains("sending \(ExitStatus.name(ofSignal: signal)) to all ranks"))
        }

        @Test func sigintIsForwardedToEveryRank() throws {
            let fixture = try Fixture()
            try fixture.script(
                "int.py",
                """
                import os, time
                try:
                    print("ready", flush=True)
                    time.sleep(60)
                except KeyboardInterrupt:
                    print(f"rank {os.environ['LOCAL_RANK']} got SIGINT", flush=True)
                """
            )
            let run = try RankRunProcess(["--nproc-per-node", "2", "--tee", "3", "int.py"], in: fixture)
            #expect(waitUntil(timeout: 10) { run.stdout.components(separatedBy: "ready").count == 3 })
            kill(run.pid, SIGINT)
            #expect(run.waitForExit(timeout: 10) == 128 + SIGINT)
            #expect(run.stdout.contains("[default0]:rank 0 got SIGINT"))
            #expect(run.stdout.contains("[default1]:rank 1 got SIGINT"))
        }

        @Test func sigkillToRankrunLeavesNoProcessBehind() throws {
            let fixture = try Fixture()
            try sleeper(fixture)
            let run = try startAndWaitForRanks(fixture, ranks: 2)
            kill(run.pid, SIGKILL)
            #expect(run.waitForExit(timeout: 10) == 128 + SIGKILL)
            // The ranks die by their parent-death signal, their children by rankrun's watchdog.
            #expect(waitUntil(timeout: 5) { fixture.reportedPIDs().allSatisfy { !isAlive($0) } })
        }
    }
}
