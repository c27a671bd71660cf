import Foundation
import Testing

/// A second run into the same output_dir keeps the first run's logs, and `logs` names the current run.
@Suite(.serialized) struct LauncherSecondRunTests {
    @Test(.enabled(if: LauncherHarness.componentsAreBuilt))
    func secondRunKeepsTheFirstRunsLogs() throws {
        let harness = try LauncherHarness()
        let arguments = LauncherHarness.quickRun + ["--output-dir", harness.outputDir]
        let first = try harness.run(arguments, timeout: 60)
        #expect(first.status == 0, "stderr: \(first.run.stderr)")
        let firstTarget = try FileManager.default.destinationOfSymbolicLink(atPath: harness.logsDir)
        let firstLogs = harness.outputDir + "/" + firstTarget
        let firstRL = harness.read(firstLogs + "/rl.log")
        let firstOrchestrator = harness.read(firstLogs + "/orchestrator.log")
        #expect(!firstRL.isEmpty && !firstOrchestrator.isEmpty)

        let second = try harness.run(arguments, timeout: 60)
        #expect(second.status == 0, "stderr: \(second.run.stderr)")
        let secondTarget = try FileManager.default.destinationOfSymbolicLink(atPath: harness.logsDir)
        #expect(secondTarget != firstTarget)
        #expect(harness.read(firstLogs + "/rl.log") == firstRL)
        #expect(harness.read(firstLogs + "/orchestrator.log") == firstOrchestrator)
        let runs = try FileManager.default.contentsOfDirectory(atPath: harness.outputDir + "/runs")
        #expect(runs.count == 2)
        // The spec's path shows the current run.
        #expect(
            harness.read(harness.logsDir + "/rl.log")
                == harness.read(harness.outputDir + "/" + secondTarget + "/rl.log")
        )
        #expect(harness.read(harness.logsDir + "/rl.log") != firstRL)
    }

    @Test(.enabled(if: LauncherHarness.componentsAreBuilt))
    func realLogsDirectoryFromAnEarlierLayoutIsMovedAsideNotDeleted() throws {
        let harness = try LauncherHarness()
        try FileManager.default.createDirectory(atPath: harness.logsDir, withIntermediateDirectories: true)
        _ = try harness.write("outputs/logs/orchestrator.log", "old run\n")
        let (status, run) = try harness.run(
            LauncherHarness.quickRun + ["--output-dir", harness.outputDir],
            timeout: 60
        )
        #expect(status == 0, "stderr: \(run.stderr)")
        let runs = try FileManager.default.contentsOfDirectory(atPath: harness.outputDir + "/runs")
        let earlier = try #require(runs.first { $0.hasPrefix("earlier-") })
        #expect(harness.read(harness.outputDir + "/runs/\(earlier)/logs/orchestrator.log") == "old run\n")
    }
}
