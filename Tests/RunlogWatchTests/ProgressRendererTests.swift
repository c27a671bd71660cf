import Testing

@testable import RunlogWatch

@Suite struct ProgressRendererTests {
    @Test func onATerminalTheStatusLineIsRedrawnInPlaceAtMostTenTimesASecond() throws {
        var progress = ProgressRenderer(total: 100, mode: .live(width: 100))
        let update = progress.update(step: 1, reward: 0.5, at: 0)
        let first = try #require(update)
        guard case .terminal(let text) = first else {
            Issue.record("expected terminal output, got \(first)")
            return
        }
        #expect(text.hasPrefix("\r\u{1B}[2K["))
        #expect(!text.contains("\n"))
        #expect(text.contains("1/100"))
        #expect(text.contains("reward 0.500"))
        #expect(progress.update(step: 2, reward: 0.5, at: 0.05) == nil)
        #expect(progress.update(step: 3, reward: 0.5, at: 0.2) != nil)
        #expect(progress.clearLine == "\r\u{1B}[2K")
    }

    @Test func theLiveLineFitsTheTerminalWidth() throws {
        var progress = ProgressRenderer(total: 1000, mode: .live(width: 40))
        _ = progress.update(step: 10, reward: 0.25, at: 0)
        let update = progress.update(step: 20, reward: 0.25, at: 1)
        guard case .terminal(let text) = try #require(update) else {
            Issue.record("expected terminal output")
            return
        }
        #expect(text.hasPrefix("\r\u{1B}[2K"))
        #expect(text.dropFirst(5).count < 40)
    }

    @Test func withoutATerminalPlainLinesComeAtTheIntervalAndAtTheEnd() {
        var progress = ProgressRenderer(total: 10, mode: ProgressRenderer.mode(isTerminal: false, interval: 5))
        var lines: [String] = []
        for step in 1...10 {
            if case .line(let text) = progress.update(step: step, reward: Double(step) / 10, at: Double(step)) {
                lines.append(text)
            }
        }
        #expect(progress.finish() == nil)
        #expect(lines.count == 3)
        #expect(lines.first?.hasPrefix("step 1/10 (10%), reward 0.100") == true)
        #expect(lines[1].hasPrefix("step 6/10 (60%)"))
        #expect(lines.last?.hasPrefix("step 10/10 (100%), reward 1.000, 1.00 steps/s, ETA 0:00") == true)
        #expect(lines.allSatisfy { !$0.contains("\u{1B}") && !$0.contains("\r") && !$0.contains("\n") })
    }

    @Test func stepsPerSecondAndETAFollowTheRecentRate() {
        var progress = ProgressRenderer(total: 1000, mode: .plain(interval: 60))
        _ = progress.update(step: 0, reward: nil, at: 0)
        #expect(progress.stepsPerSecond == nil)
        #expect(progress.statusText() == "step 0/1000 (0%), reward -, - steps/s, ETA --:--")
        _ = progress.update(step: 20, reward: 0.1, at: 10)
        #expect(progress.stepsPerSecond == 2)
        #expect(progress.secondsRemaining == 490)
        #expect(progress.statusText().hasSuffix("2.00 steps/s, ETA 8:10"))
        // After a slowdown the rate reflects the last half minute only.
        _ = progress.update(step: 30, reward: 0.1, at: 50)
        _ = progress.update(step: 40, reward: 0.1, at: 60)
        #expect(progress.stepsPerSecond == 1)
        _ = progress.update(step: 40, reward: 0.1, at: 70)
        #expect(progress.stepsPerSecond == 0.5)
        #expect(progress.statusText() == "step 40/1000 (4%), reward 0.100, 0.50 steps/s, ETA 32:00")
    }

    @Test func finishingOnATerminalEndsTheStatusLineWithANewline() {
        var progress = ProgressRenderer(total: 5, mode: .live(width: 80))
        _ = progress.update(step: 5, reward: 1, at: 0)
        #expect(progress.finish() == .terminal(progress.redraw() + "\n"))
        #expect(progress.redraw().contains("5/5"))
    }

    @Test func longRunsShowHoursInTheETA() {
        var progress = ProgressRenderer(total: 100_000, mode: .plain(interval: 1))
        _ = progress.update(step: 0, reward: 0, at: 0)
        _ = progress.update(step: 10, reward: 0, at: 10)
        #expect(progress.statusText().hasSuffix("ETA 27:46:30"))
    }
}

@Suite struct StepLineTests {
    @Test func orchestratorStepLinesGiveTheStepAndReward() {
        let line = "22:51:39 SUCCESS Step 12 | Time: 0.15s | Reward: 0.1927 | Seq. Length: 2.0 | Async Level: 0"
        #expect(StepLine(line) == StepLine(step: 12, reward: 0.1927))
        #expect(StepLine("Step 3 | Loss: -0.08 | LR: 0.5")?.reward == nil)
        #expect(StepLine("Step 3 | Loss: -0.08 | LR: 0.5")?.step == 3)
        #expect(StepLine("22:51:39    INFO Stepping down") == nil)
        #expect(StepLine("Starting run") == nil)
    }
}
