import Foundation
import Glibc
import Testing

extension ProcessTests {
    /// What a rank leaves running when it exits on its own (a background helper, a data loader worker,
    /// a double-forked server) goes with it: its process group gets SIGTERM as soon as the rank is reaped
    /// and SIGKILL after the grace period, and rankrun ends only once the group is empty. Processes are
    /// counted by session (each rank leads its own), never by name.
    @Suite struct LeftoverProcessTests {
        /// Processes (zombies aside) in the session led by `leader`, read from /proc.
        private func members(ofSession leader: Int32) -> [Int32] {
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
            return entries.compactMap(Int32.init).filter { pid in
                guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                    let close = stat.lastIndex(of: ")")
                else { return false }
                // After the command name: state ppid pgrp session ...
                let fields = stat[stat.index(close, offsetBy: 2)...].split(separator: " ")
                guard fields.count > 3, fields[0] != "Z", fields[0] != "X" else { return false }
                return Int32(fields[3]) == leader
            }
        }

        /// A bash rank that starts `sleep 600` in the background (in its own process group), records its
        /// own pid and the sleeper's, then exits 0 after `linger` seconds, or waits when told to.
        private func forker(_ fixture: Fixture, sleeper: String = "sleep 600 &") throws {
            let pids = fixture.path("pids")
            try fixture.script(
                "forker.sh",
                """
                #!/bin/bash
                mkdir -p \(pids)
                \(sleeper)
                echo $! > \(pids)/$LOCAL_RANK.child
                echo $$ > \(pids)/$LOCAL_RANK
                if [ "$LOCAL_RANK" = "$WAITING_RANK" ]; then sleep 600; fi
                exit 0
                """
            )
        }

        private func ranks(_ fixture: Fixture, count: Int) -> [Int32] {
            (0..<count).compactMap { Int32(fixture.read("pids/\($0)").trimmingCharacters(in: .whitespacesAndNewlines)) }
        }

        @Test func grandchildOfARankThatExitsZeroIsGoneWhenRankrunExits() throws {
            let fixture = try Fixture()
            try forker(fixture)
            let started = Date()
            let run = try RankRunProcess(
                ["--nproc-per-node", "2", "--grace-period", "5", "--log-dir", fixture.path("logs"), "./forker.sh"],
                in: fixture
            )
            #expect(run.waitForExit(timeout: 20) == 0, "stderr: \(run.stderr)")
            // SIGTERM ends the sleepers at once: no grace period is waited out.
            #expect(Date().timeIntervalSince(started) < 4)
            let leaders = ranks(fixture, count: 2)
            #expect(leaders.count == 2)
            #expect(fixture.reportedPIDs().count == 4)
            for leader in leaders {
                #expect(members(ofSession: leader).isEmpty, "rank session \(leader) still has processes")
            }
            #expect(fixture.reportedPIDs().allSatisfy { !isAlive($0) })
        }

        @Test func grandchildThatIgnoresSIGTERMIsKilledAfterTheGracePeriod() throws {
            let fixture = try Fixture()
            try forker(fixture, sleeper: "(trap '' TERM; exec sleep 600) &")
            let started = Date()
            let run = try RankRunProcess(
                ["--nproc-per-node", "1", "--grace-period", "1", "--log-dir", fixture.path("logs"), "./forker.sh"],
                in: fixture
            )
            #expect(run.waitForExit(timeout: 20) == 0, "stderr: \(run.stderr)")
            let took = Date().timeIntervalSince(started)
            #expect(took >= 1 && took < 4, "rankrun took \(took)s with a 1 s grace period")
            let leaders = ranks(fixture, count: 1)
            #expect(leaders.count == 1)
            for leader in leaders {
                #expect(members(ofSession: leader).isEmpty, "rank session \(leader) still has processes")
            }
        }

        /// The group goes when its rank is reaped, not when the whole run ends.
        @Test func grandchildGoesWhenItsRankExitsWhileOtherRanksRun() throws {
            let fixture = try Fixture()
            try forker(fixture)
            let run = try RankRunProcess(
                ["--nproc-per-node", "2", "--grace-period", "1", "--log-dir", fixture.path("logs"), "./forker.sh"],
                in: fixture,
                environment: ["WAITING_RANK": "1"]
            )
            defer {
                kill(run.pid, SIGTERM)
                _ = run.waitForExit(timeout: 10)
            }
            #expect(waitUntil(timeout: 10) { fixture.reportedPIDs().count == 4 })
            let leaders = ranks(fixture, count: 2)
            try #require(leaders.count == 2)
            #expect(waitUntil(timeout: 3) { members(ofSession: leaders[0]).isEmpty })
            #expect(!members(ofSession: leaders[1]).isEmpty, "the waiting rank's session must be untouched")
            #expect(run.process.isRunning)
        }
    }
}
