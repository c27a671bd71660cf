import Foundation
import Testing

extension ProcessTests {
    /// The same line tee'd from several ranks is printed once at once, then once with its count when its
    /// window ends (Ray-style), unless turned off; a rank's own different lines are never merged.
    @Suite struct RepeatedLineTests {
        /// Runs three tee'd ranks; the fixture is returned too, since its folder holds rankrun's output.
        private func run(_ flags: [String], dedup: Bool) throws -> (RankRunProcess, Fixture) {
            let fixture = try Fixture()
            try fixture.script(
                "ranks.sh",
                "#!/bin/bash\nnames=(alpha beta gamma)\necho \"loading shard $((LOCAL_RANK * 7)) of 32\"\n"
                    + "echo \"hello from ${names[$LOCAL_RANK]}\"\n"
            )
            let run = try RankRunProcess(
                ["--nproc-per-node", "3", "--log-dir", fixture.path("logs"), "--rdzv-id", "r", "--tee", "3"]
                    + flags + ["./ranks.sh"],
                in: fixture,
                environment: dedup ? ["RUNLOG_NO_DEDUP": "0"] : [:]
            )
            #expect(run.waitForExit() == 0)
            return (run, fixture)
        }

        @Test func sameLineFromThreeRanksIsPrintedAtOnceThenOnceWithItsCount() throws {
            let (result, fixture) = try run([], dedup: true)
            defer { withExtendedLifetime(fixture) {} }
            // Ray-style: the first copy at once, the count when the window ends; the other copies not at all.
            let loading = result.stdoutLines.filter { $0.contains("loading shard") }
            #expect(loading.count == 2)
            #expect(loading.first.map { !$0.contains("repeated") } == true)
            #expect(loading.last?.hasSuffix(" [repeated 3x across ranks]") == true)
            #expect(loading.first.map { loading.last?.hasPrefix($0) == true } == true)
            // Lines that differ in words, not only in numbers, are each printed.
            #expect(result.stdoutLines.filter { $0.contains("hello from ") }.count == 3)
        }

        @Test func noDedupFlagPrintsEveryRanksLine() throws {
            let (result, fixture) = try run(["--no-dedup"], dedup: true)
            defer { withExtendedLifetime(fixture) {} }
            #expect(result.stdoutLines.filter { $0.contains("loading shard") }.count == 3)
        }
    }
}
