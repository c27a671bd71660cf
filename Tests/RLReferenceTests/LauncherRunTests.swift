import Foundation
import Testing

/// Complete runs of `rl`: it learns, and writes the whole log tree with well-formed lines from the right
/// component in each file.
@Suite(.serialized) struct LauncherRunTests {
    /// The repository's `configs/` folder.
    static let configsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("configs")

    @Test(.enabled(if: LauncherHarness.componentsAreBuilt))
    func defaultRunWithNoArgumentsLearnsAndWritesTheLogTree() throws {
        let harness = try LauncherHarness()
        let (status, run) = try harness.run([], timeout: 120)
        #expect(status == 0, "stderr: \(run.stderr)\nstdout: \(run.stdout.suffix(2000))")
        let logs = harness.logsDir

        let rewards = LogLines.rewards(in: harness.read(logs + "/orchestrator.log"))
        #expect(rewards.count == 40)
        #expect((rewards.first ?? 1) < 0.5, "the policy should start near chance")
        #expect((rewards.last ?? 0) >= 0.9, "final reward \(rewards.last ?? 0)")

        let expected = [
            "rl.log", "inference.stdout", "orchestrator.log", "orchestrator.stdout", "trainer.stdout",
            "trainer/rank_0.log", "trainer/rank_1.log", "env_workers/reverse_text.log", "env_workers/add_digits.log",
        ]
        for file in expected {
            #expect(!harness.read(logs + "/" + file).isEmpty, "\(file) is missing or empty")
        }
        // Every Runlog file holds only well-formed records.
        for file in expected where file != "trainer.stdout" {
            for line in LogLines.lines(harness.read(logs + "/" + file)) {
                #expect(LogLines.isRecord(line), "\(file): malformed line \(line)")
            }
        }
        // ... from the right component.
        #expect(harness.read(logs + "/rl.log").contains("Started inference"))
        #expect(harness.read(logs + "/rl.log").contains("Run finished: 40/40 steps"))
        #expect(harness.read(logs + "/inference.stdout").contains("[inference]"))
        for rank in 0..<2 {
            let lines = LogLines.lines(harness.read(logs + "/trainer/rank_\(rank).log"))
            #expect(lines.first?.contains("Trainer rank \(rank) of 2") == true)
            #expect(lines.contains { $0.contains("Loss:") && $0.contains("Grad. Norm:") })
        }
        for env in ["reverse_text", "add_digits"] {
            for line in LogLines.lines(harness.read(logs + "/env_workers/\(env).log")) {
                #expect(line.contains("[\(env)_0]") || line.contains("[\(env)_1]"), "\(env).log: \(line)")
            }
        }
        // Only rank 0 reaches the console, through rankrun's tee.
        let trainerConsole = LogLines.lines(harness.read(logs + "/trainer.stdout"))
        #expect(trainerConsole.contains { $0.hasPrefix("[default0]:") })
        #expect(!trainerConsole.contains { $0.hasPrefix("[default1]:") })
        #expect(run.stdout.contains("[default0]:"))
        #expect(run.stdout.contains("Run finished: 40/40 steps, final reward"))
        // Not a terminal: progress comes as plain lines (the final one at least), in rl.log too.
        #expect(run.stdout.contains("step 40/40 (100%), reward "), "no final progress line on the console")
        #expect(harness.read(logs + "/rl.log").contains("step 40/40 (100%)"))

        // The link names this run; the configs of each component are kept with it.
        let target = try FileManager.default.destinationOfSymbolicLink(atPath: logs)
        #expect(target.hasPrefix("runs/") && target.hasSuffix("/logs"))
        let runDir = harness.outputDir + "/" + String(target.dropLast("/logs".count))
        for config in ["rl.toml", "inference.json", "orchestrator.json", "trainer.json"] {
            #expect(FileManager.default.fileExists(atPath: runDir + "/configs/" + config), "\(config) missing")
        }
        let runID = String(target.dropFirst("runs/".count).dropLast("/logs".count))
        for rank in 0..<2 {
            let rankDir = harness.outputDir + "/torchrun/\(runID)/attempt_0/\(rank)"
            #expect(FileManager.default.fileExists(atPath: rankDir + "/stdout.log"), "\(rankDir)/stdout.log missing")
        }
        #expect(run.survivors(after: 2).isEmpty)
    }

    @Test(.enabled(if: LauncherHarness.componentsAreBuilt))
    func shippedDefaultConfigIsTheBuiltInDefault() throws {
        let harness = try LauncherHarness()
        let path = Self.configsDirectory.appendingPathComponent("default.toml").path
        let (status, run) = try harness.run(
            ["@", path, "--max-steps", "3", "--output-dir", harness.outputDir],
            timeout: 60
        )
        #expect(status == 0, "stderr: \(run.stderr)")
    }

    @Test(.enabled(if: LauncherHarness.componentsAreBuilt))
    func multiEnvMultiRankExampleRuns() throws {
        let harness = try LauncherHarness()
        let path = Self.configsDirectory.appendingPathComponent("multi-env-multi-rank.toml").path
        let (status, run) = try harness.run(
            ["@", path, "--max-steps", "4", "--output-dir", harness.outputDir],
            timeout: 60
        )
        #expect(status == 0, "stderr: \(run.stderr)")
        let orchestrator = LogLines.lines(harness.read(harness.logsDir + "/orchestrator.log"))
        #expect(orchestrator.contains { $0.contains(" DEBUG ") }, "orchestrator.log.level = debug")
        for env in ["reverse_text", "add_digits"] {
            #expect(!harness.read(harness.logsDir + "/env_workers/\(env).log").isEmpty)
        }
        #expect(!harness.read(harness.logsDir + "/trainer/rank_1.log").isEmpty)
    }
}
