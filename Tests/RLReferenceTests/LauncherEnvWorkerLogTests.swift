import Foundation
import Testing

/// `[orchestrator.log]`: env worker log files on and off, their layout, and `vf_level` independent of `level`.
@Suite(.serialized) struct LauncherEnvWorkerLogTests {
    private func run(_ extra: [String]) throws -> LauncherHarness {
        let harness = try LauncherHarness()
        let (status, run) = try harness.run(
            LauncherHarness.quickRun + ["--output-dir", harness.outputDir] + extra,
            timeout: 60
        )
        #expect(status == 0, "stderr: \(run.stderr)\nstdout: \(run.stdout.suffix(1500))")
        return harness
    }

    @Test(.enabled(if: LauncherHarness.componentsAreBuilt))
    func envWorkerLogsTrueWritesOneFilePerEnvironment() throws {
        let harness = try run(["--orchestrator.log.env-worker-logs", "true"])
        let files = try FileManager.default.contentsOfDirectory(atPath: harness.logsDir + "/env_workers").sorted()
        #expect(files == ["add_digits.log", "reverse_text.log"])
        let lines = LogLines.lines(harness.read(harness.logsDir + "/env_workers/reverse_text.log"))
        #expect(lines.contains { $0.contains("[reverse_text_0]") })
        #expect(lines.contains { $0.contains("[reverse_text_1]") })
        #expect(lines.allSatisfy(LogLines.isRecord))
    }

    @Test(.enabled(if: LauncherHarness.componentsAreBuilt))
    func envWorkerLogsFalseWritesNoFilesAndLogsThroughTheOrchestrator() throws {
        let harness = try run(["--orchestrator.log.env-worker-logs=false"])
        let directory = harness.logsDir + "/env_workers"
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        #expect(files.isEmpty, "env worker files: \(files)")
        let stdout = harness.read(harness.logsDir + "/orchestrator.stdout")
        #expect(stdout.contains("[reverse_text_0]"))
        #expect(stdout.contains("[add_digits_1]"))
    }

    @Test(.enabled(if: LauncherHarness.componentsAreBuilt))
    func perWorkerLayoutWritesOneFilePerWorker() throws {
        let harness = try run(["--orchestrator.log.env-worker-log-layout", "per_worker"])
        for env in ["reverse_text", "add_digits"] {
            for worker in 0..<2 {
                let text = harness.read(harness.logsDir + "/env_workers/\(env)/worker_\(worker).log")
                #expect(text.contains("[\(env)_\(worker)]"), "\(env)/worker_\(worker).log")
            }
        }
    }

    @Test(.enabled(if: LauncherHarness.componentsAreBuilt))
    func vfLevelDebugShowsEnvironmentDebugWhileLevelStaysInfo() throws {
        let harness = try run(["--orchestrator.log.level", "info", "--orchestrator.log.vf-level", "debug"])
        let lines = LogLines.lines(harness.read(harness.logsDir + "/env_workers/reverse_text.log"))
        let debug = lines.filter { $0.contains(" DEBUG ") }
        #expect(debug.contains { $0.contains("[verifiers.") }, "environment debug lines expected")
        #expect(debug.allSatisfy { $0.contains("[verifiers.") }, "worker's own debug lines leaked: \(debug.prefix(3))")
        #expect(
            !LogLines.lines(harness.read(harness.logsDir + "/orchestrator.log")).contains { $0.contains(" DEBUG ") }
        )
    }

    @Test(.enabled(if: LauncherHarness.componentsAreBuilt))
    func levelDebugWithVfLevelWarningHidesEnvironmentDebug() throws {
        let harness = try run(["--orchestrator.log.level", "debug", "--orchestrator.log.vf-level", "warning"])
        let lines = LogLines.lines(harness.read(harness.logsDir + "/env_workers/reverse_text.log"))
        #expect(lines.contains { $0.contains(" DEBUG ") }, "worker debug lines expected")
        #expect(!lines.contains { $0.contains("[verifiers.") && ($0.contains(" DEBUG ") || $0.contains(" INFO ")) })
        #expect(LogLines.lines(harness.read(harness.logsDir + "/orchestrator.log")).contains { $0.contains(" DEBUG ") })
    }
}
