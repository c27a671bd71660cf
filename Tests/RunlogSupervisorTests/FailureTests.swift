import Foundation
import Testing

extension ProcessTests {
    /// The first failure stops the group within the grace period, the summary names the root cause, and
    /// restarts get fresh attempt folders.
    @Suite struct FailureTests {
        @Test func failingRankStopsTheOthersAndTheSummaryNamesTheRootCause() throws {
            let fixture = try Fixture()
            try fixture.script(
                "fail.sh",
                """
                #!/bin/bash
                mkdir -p \(fixture.path("pids")); echo $$ > \(fixture.path("pids"))/$LOCAL_RANK
                if [ "$LOCAL_RANK" = 2 ]; then
                    for i in $(seq 1 500); do [ $(ls \(fixture.path("pids")) | wc -l) = 4 ] && break; sleep 0.01; done
                    echo "boom: bad batch" >&2
                    echo '{"message": {"message": "ValueError: bad batch\\nTraceback...", "extraInfo": {}}}' \\
                        > "$TORCHELASTIC_ERROR_FILE"
                    exit 3
                fi
                exec sleep 30
                """
            )
            let started = Date()
            let run = try RankRunProcess(
                [
                    "--nproc-per-node", "4", "--log-dir", fixture.path("logs"), "--rdzv-id", "f", "--redirects", "3",
                    "./fail.sh",
                ],
                in: fixture
            )
            #expect(run.waitForExit() == 1)
            #expect(Date().timeIntervalSince(started) < 10)
            let summary = run.stderr
            let rootCause = try #require(summary.range(of: "Root cause"))
            let afterRoot = summary[rootCause.upperBound...]
            #expect(afterRoot.contains("default2"))
            #expect(afterRoot.contains("rank       : 2 (local_rank: 2)"))
            #expect(afterRoot.contains("exit code 3"))
            #expect(afterRoot.contains("| boom: bad batch"))
            #expect(afterRoot.contains("error_file : " + fixture.path("logs/f/attempt_0/2/error.json") + "\n"))
            #expect(afterRoot.contains("error      : ValueError: bad batch\n"))
            #expect(summary.contains("Stopped by the supervisor"))
            #expect(summary.contains("signal SIGTERM (15)"))
            #expect(fixture.reportedPIDs().count == 4)
            #expect(fixture.reportedPIDs().allSatisfy { !isAlive($0) })
        }

        @Test func rankIgnoringSIGTERMIsKilledAfterTheGracePeriod() throws {
            let fixture = try Fixture()
            try fixture.script(
                "stubborn.py",
                """
                import os, signal, sys, time
                pids = "\(fixture.path("pids"))"
                os.makedirs(pids, exist_ok=True)
                if os.environ["LOCAL_RANK"] == "0":
                    open(f"{pids}/0", "w").write(str(os.getpid()))
                    for _ in range(1000):  # fail only once rank 1 ignores SIGTERM
                        if os.path.exists(f"{pids}/1"):
                            break
                        time.sleep(0.01)
                    sys.exit(5)
                signal.signal(signal.SIGTERM, signal.SIG_IGN)
                open(f"{pids}/1.tmp", "w").write(str(os.getpid()))
                os.rename(f"{pids}/1.tmp", f"{pids}/1")
                time.sleep(60)
                """
            )
            let started = Date()
            let run = try RankRunProcess(
                ["--nproc-per-node", "2", "--grace-period", "0.5", "--log-dir", fixture.path("logs"), "stubborn.py"],
                in: fixture
            )
            #expect(run.waitForExit() == 1)
            let elapsed = Date().timeIntervalSince(started)
            #expect(elapsed >= 0.5 && elapsed < 10)  // the 0.5 s grace period was waited out, not more
            #expect(run.stderr.contains("grace period over; SIGKILL to default1"))
            #expect(run.stderr.contains("default1 (pid"))
            #expect(run.stderr.contains("signal SIGKILL (9)"))
            #expect(fixture.reportedPIDs().allSatisfy { !isAlive($0) })
        }

        @Test func restartsCreateANewAttemptFolder() throws {
            let fixture = try Fixture()
            try fixture.script(
                "flaky.sh",
                """
                #!/bin/bash
                echo "restart $TORCHELASTIC_RESTART_COUNT"
                [ "$TORCHELASTIC_RESTART_COUNT" = 1 ] && exit 0
                if [ "$LOCAL_RANK" = 0 ]; then sleep 0.3; exit 4; fi
                exec sleep 30
                """
            )
            let run = try RankRunProcess(
                [
                    "--nproc-per-node", "2", "--max-restarts", "1", "--log-dir", fixture.path("logs"), "--rdzv-id",
                    "rs",
                    "--redirects", "3", "./flaky.sh",
                ],
                in: fixture
            )
            #expect(run.waitForExit() == 0)
            #expect(fixture.read("logs/rs/attempt_0/0/stdout.log") == "restart 0\n")
            #expect(fixture.read("logs/rs/attempt_1/1/stdout.log") == "restart 1\n")
            #expect(run.stderr.contains("restarting the group (1 of 1)"))
        }

        @Test func restartsRunOutAndExitWithOne() throws {
            let fixture = try Fixture()
            try fixture.script("bad.sh", "#!/bin/bash\nexit 2\n")
            let run = try RankRunProcess(
                ["--max-restarts", "2", "--log-dir", fixture.path("logs"), "--rdzv-id", "b", "./bad.sh"],
                in: fixture
            )
            #expect(run.waitForExit() == 1)
            #expect(fixture.exists("logs/b/attempt_2"))
            #expect(!fixture.exists("logs/b/attempt_3"))
        }

        @Test func missingCommandExitsWith127AndNamesTheFix() throws {
            let fixture = try Fixture()
            let run = try RankRunProcess(["--nproc-per-node", "2", "./does-not-exist"], in: fixture)
            #expect(run.waitForExit() == 127)
            #expect(run.stderr.contains("cannot start default0 (./does-not-exist)"))
            #expect(run.stderr.contains("check the path"))
        }
    }
}
