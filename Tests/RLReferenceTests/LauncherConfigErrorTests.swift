import Foundation
import Testing

/// Bad configuration: `rl` exits 2 with one line naming the key and the fix, and creates nothing.
@Suite(.serialized) struct LauncherConfigErrorTests {
    private func expectRejected(
        _ arguments: [String],
        environment: [String: String] = [:],
        mentioning fragments: [String],
        setUp: (LauncherHarness) throws -> Void = { _ in }
    ) throws {
        let harness = try LauncherHarness()
        try setUp(harness)
        let (status, run) = try harness.run(
            arguments + ["--output-dir", harness.outputDir],
            environment: environment,
            timeout: 30
        )
        #expect(status == 2, "stderr: \(run.stderr)")
        for fragment in fragments {
            #expect(run.stderr.contains(fragment), "stderr lacks '\(fragment)': \(run.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: harness.outputDir), "output_dir was created")
        #expect(run.survivors().isEmpty)
    }

    @Test func unknownKeyNamesFileLineAndValidKeys() throws {
        try expectRejected(
            ["@", "bad.toml"],
            mentioning: ["bad.toml:3:", "unknown key 'orchestrator.log.levle'", "did you mean 'level'?", "vf_level"]
        ) { harness in
            _ = try harness.write("bad.toml", "max_steps = 3\n[orchestrator.log]\nlevle = \"debug\"\n")
        }
    }

    @Test func wrongTypeNamesTheKeyAndLine() throws {
        try expectRejected(
            ["--config", "bad.toml"],
            mentioning: ["bad.toml:2:", "'trainer.nproc_per_node' expects an integer, got string \"two\""]
        ) { harness in
            _ = try harness.write("bad.toml", "[trainer]\nnproc_per_node = \"two\"\n")
        }
    }

    @Test func malformedTOMLNamesTheLine() throws {
        try expectRejected(["@bad.toml"], mentioning: ["bad.toml:2:", "invalid TOML"]) { harness in
            _ = try harness.write("bad.toml", "max_steps = 3\n[trainer\n")
        }
    }

    @Test func negativeCountFromTheCommandLineIsRejected() throws {
        try expectRejected(
            ["--trainer.nproc-per-node", "-1"],
            mentioning: ["argument --trainer.nproc-per-node", "'trainer.nproc_per_node' must be 1...64, got -1"]
        )
    }

    @Test func hugeNumberIsOutOfRange() throws {
        try expectRejected(["--max-steps", "99999999999999999999999"], mentioning: ["'max_steps' is out of range"])
    }

    @Test func badEnvironmentVariableIsNamed() throws {
        try expectRejected(
            [],
            environment: ["RUNLOG_RL__ORCHESTRATOR__LOG__LEVEL": "loud"],
            mentioning: ["environment variable RUNLOG_RL__ORCHESTRATOR__LOG__LEVEL", "unknown log level 'loud'"]
        )
    }

    @Test func directoryInsteadOfConfigFile() throws {
        try expectRejected(["@", "."], mentioning: ["is a directory"])
    }

    @Test func missingConfigFile() throws {
        try expectRejected(["@", "nope.toml"], mentioning: ["'nope.toml' does not exist"])
    }

    @Test func environmentNameThatEscapesLogsIsRejected() throws {
        try expectRejected(["@", "bad.toml"], mentioning: ["'orchestrator.env[0].name'", "must not contain '/'"]) {
            harness in
            _ = try harness.write("bad.toml", "[[orchestrator.env]]\nid = \"reverse_text\"\nname = \"../escape\"\n")
        }
    }

    @Test func strayArgumentIsRejected() throws {
        try expectRejected(["configs/default.toml"], mentioning: ["unexpected argument", "@ FILE.toml"])
    }

    /// The working directory's entries other than the harness's captures of rl's stdout and stderr.
    private func entries(of harness: LauncherHarness) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: harness.directory.path)) ?? [])
            .filter { !($0.hasPrefix("rl-") && ($0.hasSuffix(".stdout") || $0.hasSuffix(".stderr"))) }.sorted()
    }

    @Test func outputDirThatIsAFileIsRejectedAndLeftAlone() throws {
        let harness = try LauncherHarness()
        let file = try harness.write("taken", "keep me\n")
        let before = entries(of: harness)
        let (status, run) = try harness.run(["--output-dir", file], timeout: 30)
        #expect(status == 2)
        #expect(run.stderr.contains("output_dir '\(file)' is a file, not a directory; choose another --output-dir"))
        #expect(harness.read(file) == "keep me\n")
        #expect(entries(of: harness) == before, "something was created next to the file")
        #expect(run.descendants.isEmpty, "a component was started: \(run.descendants)")
        // Below the file: the same answer, and nothing is created.
        let (below, belowRun) = try harness.run(["--output-dir", file + "/sub"], timeout: 30)
        #expect(below == 2)
        #expect(
            belowRun.stderr.contains("is not a writable directory; choose another --output-dir"),
            "\(belowRun.stderr)"
        )
        #expect(harness.read(file) == "keep me\n")
        #expect(entries(of: harness) == before)
    }

    @Test func outputDirThatIsNotWritableIsRejectedAndLeftAlone() throws {
        // Root may write anywhere: rl runs as nobody (uid 65534) when the tests run as root.
        let harness = try LauncherHarness()
        let locked = harness.directory.appendingPathComponent("locked").path
        try FileManager.default.createDirectory(atPath: locked, withIntermediateDirectories: false)
        _ = try harness.write("locked/old.log", "old\n")
        #expect(chmod(locked, 0o555) == 0)
        defer { chmod(locked, 0o755) }
        for outputDir in [locked, locked + "/new"] {
            let (status, run) = try harness.run(["--output-dir", outputDir], timeout: 30, asNobody: true)
            #expect(status == 2, "\(outputDir): \(run.stderr)")
            #expect(run.stderr.contains("choose another --output-dir"), "\(run.stderr)")
            #expect(run.stderr.contains("writable"), "\(run.stderr)")
            #expect(run.descendants.isEmpty, "a component was started: \(run.descendants)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: locked) == ["old.log"])
        #expect(harness.read("locked/old.log") == "old\n")
    }

    @Test func helpListsTheOptionsAndExitsZero() throws {
        let harness = try LauncherHarness()
        let (status, run) = try harness.run(["--help"], timeout: 30)
        #expect(status == 0)
        for option in ["--orchestrator.log.level", "--trainer.nproc-per-node", "--orchestrator.log.vf-level", "@ FILE"]
        {
            #expect(run.stdout.contains(option), "help lacks \(option)")
        }
    }
}
