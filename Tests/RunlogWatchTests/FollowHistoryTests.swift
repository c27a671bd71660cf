import Foundation
import Testing

/// `runlog follow --no-follow` on a finished run: the real executable on a temporary log tree.
@Suite(.serialized) struct FollowHistoryTests {
    private func run(
        _ fixture: LogTreeFixture,
        _ extra: [String] = [],
        environment: [String: String] = [:]
    ) throws
        -> (status: Int32, lines: [String], errors: String)
    {
        let process = try RunlogProcess(
            ["follow", fixture.outputDirectory.path, "--no-follow", "--color", "never"] + extra,
            environment: environment
        )
        let status = process.waitForExit()
        return (status, process.lines, process.errorText)
    }

    private func sampleRun() throws -> LogTreeFixture {
        let fixture = try LogTreeFixture()
        let base = Date().addingTimeInterval(-600)
        let at = { (seconds: Double) in base.addingTimeInterval(seconds) }
        try fixture.append(
            "rl.log",
            [
                LogTreeFixture.record("INFO", "rl", "starting run", at: at(0)),
                LogTreeFixture.record("WARNING", "rl", "inference is slow", at: at(4)),
            ]
        )
        try fixture.append("inference.stdout", [LogTreeFixture.record("INFO", "inference", "server up", at: at(1))])
        let orchestrator = [
            "\u{1B}[32m" + LogTreeFixture.record("INFO", "orchestrator", "buffer ready", at: at(2)) + "\u{1B}[0m",
            LogTreeFixture.record("ERROR", "orchestrator", "rollout failed", at: at(5)),
        ]
        try fixture.append("orchestrator.log", orchestrator)
        try fixture.append(
            "orchestrator.stdout",
            orchestrator + ["Traceback (most recent call last):", "  worker died"]
        )
        try fixture.append(
            "trainer/rank_0.log",
            [LogTreeFixture.record("INFO", "trainer", "step 1 loss 0.91", at: at(3))]
        )
        try fixture.append(
            "env_workers/reverse_text.log",
            [
                LogTreeFixture.record("DEBUG", "reverse_text_0", "scored 0.5", at: at(6))
            ]
        )
        return fixture
    }

    @Test func everyLogOfTheRunComesOutInTimestampOrderWithItsSource() throws {
        let fixture = try sampleRun()
        let result = try run(fixture)
        #expect(result.status == 0, "\(result.errors)")
        let summary = result.lines.map { line -> String in
            let parts = line.split(separator: "|", maxSplits: 1)
            guard parts.count == 2 else { return line }
            return parts[0].trimmingCharacters(in: .whitespaces) + ":" + (parts[1].split(separator: "]").last ?? "")
        }
        #expect(
            summary == [
                "rl: starting run", "inference: server up", "orchestrator: buffer ready", "trainer/0: step 1 loss 0.91",
                "rl: inference is slow", "orchestrator: rollout failed",
                "orchestrator: Traceback (most recent call last):", "orchestrator:   worker died",
                "env/reverse_text: scored 0.5",
            ]
        )
        // Prefixes are aligned to the longest source name.
        #expect(Set(result.lines.map { $0.firstIndex(of: "|")!.utf16Offset(in: $0) }).count == 1)
    }

    @Test func levelFilterKeepsContinuationLinesOfTheRecordsItShows() throws {
        let fixture = try sampleRun()
        let result = try run(fixture, ["--level", "warning"])
        #expect(result.lines.count == 4)
        #expect(result.lines[0].contains("inference is slow"))
        #expect(result.lines[1].contains("rollout failed"))
        #expect(result.lines[2].contains("Traceback"))
        #expect(result.lines[3].contains("worker died"))
    }

    @Test func sourceGrepAndSinceFiltersCombine() throws {
        let fixture = try sampleRun()
        try fixture.append(
            "trainer/rank_1.log",
            [LogTreeFixture.record("INFO", "trainer", "old step", at: Date().addingTimeInterval(-7200))]
        )
        try fixture.append(
            "trainer/rank_1.log",
            [LogTreeFixture.record("INFO", "trainer", "checkpoint saved", at: Date().addingTimeInterval(-60))]
        )
        let trainer = try run(fixture, ["--source", "trainer/*"])
        #expect(trainer.lines.count == 3)
        #expect(trainer.lines.allSatisfy { $0.hasPrefix("trainer/") })
        let grep = try run(fixture, ["--grep", "loss [0-9.]+|checkpoint"])
        #expect(grep.lines.count == 2)
        let since = try run(fixture, ["--since", "5m"])
        #expect(since.lines.count == 1)
        #expect(since.lines.first?.contains("checkpoint saved") == true)
        let envOnly = try run(fixture, ["--source", "env", "--level", "debug"])
        #expect(envOnly.lines.count == 1)
        #expect(envOnly.lines.first?.hasPrefix("env/reverse_text") == true)
    }

    @Test func theSameLineFromSeveralRanksIsCollapsedUnlessTurnedOff() throws {
        let fixture = try LogTreeFixture()
        let now = Date().addingTimeInterval(-30)
        for rank in 0..<4 {
            try fixture.append(
                "trainer/rank_\(rank).log",
                [
                    LogTreeFixture.record("INFO", "trainer", "rank \(rank) loading shard 0x7f3a\(rank)", at: now),
                    LogTreeFixture.record("INFO", "trainer", "rank \(rank) own line", at: now),
                    LogTreeFixture.record("INFO", "trainer", "rank \(rank) own line", at: now),
                ]
            )
        }
        let collapsed = try run(fixture)
        let repeats = collapsed.lines.filter { $0.contains("[repeated 4x across ranks]") }
        #expect(repeats.count == 3, "\(collapsed.lines)")
        #expect(collapsed.lines.count == 3)
        let flag = try run(fixture, ["--no-dedup"])
        #expect(flag.lines.count == 12)
        let variable = try run(fixture, environment: ["RUNLOG_NO_DEDUP": "1"])
        #expect(variable.lines.count == 12)
        #expect(!variable.lines.contains { $0.contains("repeated") })
    }

    @Test func consoleCopiesOfLogFileRecordsAreShownOnceUnderTheFilesSource() throws {
        let fixture = try LogTreeFixture()
        let at = Date().addingTimeInterval(-40)
        let worker = LogTreeFixture.record("INFO", "reverse_text_0", "Loaded environment reverse_text", at: at)
        let rank = LogTreeFixture.record("INFO", "trainer", "rank 0 starting", at: at)
        // Env workers inherit the orchestrator's console; rankrun's tee copies rank 0 into trainer.stdout.
        try fixture.append("env_workers/reverse_text.log", ["\u{1B}[1m" + worker + "\u{1B}[0m"])
        try fixture.append("orchestrator.stdout", [worker, "panic: only on the console"])
        try fixture.append("trainer.stdout", ["[default0]:" + rank])
        try fixture.append("trainer/rank_0.log", [rank])
        let result = try run(fixture)
        #expect(result.lines.count == 3, "\(result.lines)")
        #expect(
            result.lines.filter { $0.contains("Loaded environment") }.allSatisfy { $0.hasPrefix("env/reverse_text ") }
        )
        #expect(result.lines.filter { $0.contains("rank 0 starting") }.allSatisfy { $0.hasPrefix("trainer/0 ") })
        #expect(result.lines.contains { $0.hasPrefix("orchestrator ") && $0.contains("panic: only on the console") })
        #expect(!result.lines.contains { $0.contains("repeated") })
    }

    @Test func escapeSequencesInLogsAreShownInertNotExecuted() throws {
        let fixture = try LogTreeFixture()
        let attack = "pwn \u{1B}]0;owned\u{07} \u{1B}[2J \u{1B}]52;c;aGVsbG8=\u{07} \u{9B}H end"
        try fixture.append("inference.stdout", [LogTreeFixture.record("INFO", "inference", attack)])
        let plain = try run(fixture)
        let line = try #require(plain.lines.first)
        #expect(!line.contains("\u{1B}"))
        #expect(!line.contains("\u{07}"))
        #expect(!line.unicodeScalars.contains("\u{9B}"))
        #expect(line.contains(#"\u{1B}[2J"#))
        let coloured = try RunlogProcess(["follow", fixture.outputDirectory.path, "--no-follow", "--color", "always"])
        _ = coloured.waitForExit()
        let colouredLine = try #require(coloured.lines.first)
        // Colours (SGR) may pass; nothing else that starts with ESC does.
        let escapes = colouredLine.components(separatedBy: "\u{1B}").dropFirst()
        #expect(!escapes.isEmpty)
        #expect(escapes.allSatisfy { $0.first == "[" && $0.contains("m") && !$0.hasPrefix("[2J") })
    }

    @Test func jsonOutputCarriesTheSourceAndPassesJSONRecordsThrough() throws {
        let fixture = try LogTreeFixture()
        let stamp = Date().addingTimeInterval(-20).formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        try fixture.append(
            "orchestrator.jsonl",
            [
                #"{"ts": "\#(stamp)", "level": "INFO", "message": "json record", "tag": "orch", "step": 3}"#
            ]
        )
        try fixture.append("rl.log", [LogTreeFixture.record("WARNING", "rl", "text record")])
        let result = try run(fixture, ["--json"])
        #expect(result.lines.count == 2)
        let objects = try result.lines.map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(objects[0]["source"] as? String == "orchestrator")
        #expect(objects[0]["step"] as? Int == 3)
        #expect(objects[0]["message"] as? String == "json record")
        #expect(objects[1]["source"] as? String == "rl")
        #expect(objects[1]["level"] as? String == "WARNING")
        #expect(objects[1]["message"] as? String == "text record")
        let text = try run(fixture)
        #expect(text.lines.contains { $0.hasPrefix("orchestrator") && $0.contains("INFO [orch] json record") })
    }

    @Test func aMissingRunOrBadFlagIsAnErrorThatNamesTheFix() throws {
        let missing = try RunlogProcess(["follow", "/nonexistent/run", "--no-follow"])
        #expect(missing.waitForExit() != 0)
        #expect(missing.errorText.contains("pass the run's output directory"))
        let badLevel = try RunlogProcess(["follow", "/tmp", "--level", "loud"])
        #expect(badLevel.waitForExit() != 0)
        #expect(badLevel.errorText.contains("use one of trace"))
        let badSince = try RunlogProcess(["follow", "/tmp", "--since", "soon"])
        #expect(badSince.waitForExit() != 0)
        #expect(badSince.errorText.contains("30s, 5m"))
    }
}
