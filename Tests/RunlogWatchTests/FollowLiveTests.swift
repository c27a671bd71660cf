import Foundation
import Testing

/// `runlog follow` on a run that is still writing: the real executable following a temporary log tree
/// while the test appends, creates, truncates and replaces files.
@Suite(.serialized) struct FollowLiveTests {
    private func follow(_ fixture: LogTreeFixture, _ extra: [String] = []) throws -> RunlogProcess {
        let process = try RunlogProcess(["follow", fixture.outputDirectory.path, "--color", "never"] + extra)
        return process
    }

    @Test func appendedLinesAppearWithinAFractionOfASecond() throws {
        let fixture = try LogTreeFixture()
        try fixture.append("rl.log", [LogTreeFixture.record("INFO", "rl", "already there")])
        let process = try follow(fixture)
        defer { process.stop() }
        #expect(process.waitFor("already there") != nil)
        try fixture.append("orchestrator.log", [LogTreeFixture.record("INFO", "orchestrator", "fresh line")])
        let latency = try #require(process.waitFor("fresh line", timeout: 3))
        // The line is held for the reorder and repeat windows (0.1 s + 0.2 s) and no longer.
        #expect(latency < 1.0)
    }

    @Test func newFilesNewFoldersAndTruncatedFilesAreFollowed() throws {
        let fixture = try LogTreeFixture()
        let process = try follow(fixture)
        defer { process.stop() }
        usleep(300_000)
        try fixture.append("trainer/rank_3.log", [LogTreeFixture.record("INFO", "trainer", "rank three up")])
        #expect(process.waitFor("rank three up") != nil)
        try FileManager.default.createDirectory(
            at: fixture.logs.appendingPathComponent("env_workers/math"),
            withIntermediateDirectories: true
        )
        usleep(100_000)
        try fixture.append("env_workers/math/worker_2.log", [LogTreeFixture.record("INFO", "math_2", "worker ready")])
        #expect(process.waitFor("worker ready") != nil)
        #expect(process.lines.contains { $0.hasPrefix("env/math/2") && $0.contains("worker ready") })
        try fixture.append("rl.log", [LogTreeFixture.record("INFO", "rl", "first content of a long line")])
        #expect(process.waitFor("first content") != nil)
        try fixture.truncate("rl.log", with: [LogTreeFixture.record("INFO", "rl", "after truncation")])
        #expect(process.waitFor("after truncation") != nil)
        #expect(process.lines.contains { $0.contains("rl.log was truncated") })
    }

    @Test func aNewRunReplacingTheLogsSymlinkIsFollowed() throws {
        let fixture = try LogTreeFixture()
        try fixture.append("orchestrator.log", [LogTreeFixture.record("INFO", "orchestrator", "run one")])
        let process = try follow(fixture)
        defer { process.stop() }
        #expect(process.waitFor("run one") != nil)
        try fixture.makeRun("run2")
        try fixture.switchLogs(to: "run2")
        #expect(process.waitFor("following a new run") != nil)
        try fixture.append("orchestrator.log", [LogTreeFixture.record("INFO", "orchestrator", "run two")])
        #expect(process.waitFor("run two") != nil)
        // The old run's files are no longer followed.
        let oldFile = fixture.outputDirectory.appendingPathComponent("runs/run1/orchestrator.log")
        let handle = try FileHandle(forWritingTo: oldFile)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data((LogTreeFixture.record("INFO", "orchestrator", "stale run one") + "\n").utf8))
        try handle.close()
        try fixture.append("trainer/rank_0.log", [LogTreeFixture.record("INFO", "trainer", "run two trainer")])
        #expect(process.waitFor("run two trainer") != nil)
        #expect(!process.text.contains("stale run one"))
        // A replaced single file (written elsewhere, renamed over the old one) is read anew.
        let replacement = fixture.logs.appendingPathComponent("inference.stdout.tmp")
        try fixture.append("inference.stdout", [LogTreeFixture.record("INFO", "inference", "old server")])
        #expect(process.waitFor("old server") != nil)
        try Data((LogTreeFixture.record("INFO", "inference", "new server") + "\n").utf8).write(to: replacement)
        #expect(rename(replacement.path, fixture.logs.appendingPathComponent("inference.stdout").path) == 0)
        #expect(process.waitFor("new server") != nil)
    }

    @Test func linesWrittenOutOfOrderAcrossFilesComeOutInTimestampOrder() throws {
        let fixture = try LogTreeFixture()
        let process = try follow(fixture, ["--reorder-window", "0.5"])
        defer { process.stop() }
        usleep(300_000)
        let now = Date()
        // The later record is written first; the earlier one reaches its file 50 ms later.
        try fixture.append("rl.log", [LogTreeFixture.record("INFO", "rl", "second by time", at: now)])
        usleep(50_000)
        try fixture.append(
            "orchestrator.log",
            [
                LogTreeFixture.record("INFO", "orchestrator", "first by time", at: now.addingTimeInterval(-2))
            ]
        )
        #expect(process.waitFor("second by time") != nil)
        let order = process.lines.filter { $0.contains("by time") }
        #expect(order.count == 2)
        #expect(order.first?.contains("first by time") == true)
    }

    @Test func liveRepeatsAcrossRanksAreCollapsedAndTheFiltersApply() throws {
        let fixture = try LogTreeFixture()
        let process = try follow(
            fixture,
            ["--level", "info", "--source", "trainer/*", "--grep", "shard|saved", "--dedup-window", "1.5"]
        )
        defer { process.stop() }
        usleep(300_000)
        for rank in 0..<4 {
            try fixture.append(
                "trainer/rank_\(rank).log",
                [
                    LogTreeFixture.record("INFO", "trainer", "rank \(rank) loaded shard \(rank * 17)"),
                    LogTreeFixture.record("DEBUG", "trainer", "rank \(rank) shard detail"),
                ]
            )
        }
        try fixture.append("rl.log", [LogTreeFixture.record("INFO", "rl", "shard from rl is filtered")])
        #expect(process.waitFor("[repeated 4x across ranks]") != nil)
        try fixture.append("trainer/rank_1.log", [LogTreeFixture.record("INFO", "trainer", "checkpoint saved")])
        #expect(process.waitFor("checkpoint saved") != nil)
        let lines = process.lines
        #expect(lines.count == 2, "\(lines)")
        #expect(!lines.contains { $0.contains("detail") || $0.contains("from rl") })
    }

    @Test func anIdleFollowerUsesAlmostNoCPU() throws {
        let fixture = try LogTreeFixture()
        try fixture.append("rl.log", [LogTreeFixture.record("INFO", "rl", "idle test")])
        let process = try follow(fixture)
        defer { process.stop() }
        #expect(process.waitFor("idle test") != nil)
        usleep(200_000)
        let before = try #require(process.cpuTicks())
        usleep(1_500_000)
        let after = try #require(process.cpuTicks())
        // Clock ticks are 10 ms: a polling loop would burn many; waiting in poll(2) burns none.
        #expect(after - before <= 2)
    }

    @Test func followingWaitsForTheLogsFolderOfARunThatHasNotStarted() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("runlog-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let process = try RunlogProcess(["follow", root.path, "--color", "never"])
        defer { process.stop() }
        #expect(process.waitFor("waiting for") != nil)
        let logs = root.appendingPathComponent("logs")
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        usleep(100_000)
        try Data((LogTreeFixture.record("INFO", "rl", "run started") + "\n").utf8).write(
            to: logs.appendingPathComponent("rl.log")
        )
        #expect(process.waitFor("run started") != nil)
    }
}
