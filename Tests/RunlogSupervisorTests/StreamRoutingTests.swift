import Foundation
import Testing

extension ProcessTests {
    /// `--redirects`, `--tee` and `--local-ranks-filter` combined as torchrun combines them: tee implies a
    /// file; a filtered rank's tee'd streams reach only their files and its other streams are discarded.
    @Suite struct StreamRoutingTests {
        private func rankScript(_ fixture: Fixture) throws {
            try fixture.script("both.sh", "#!/bin/bash\necho \"out$LOCAL_RANK\"\necho \"err$LOCAL_RANK\" >&2\n")
        }

        private func run(_ flags: [String], _ fixture: Fixture) throws -> RankRunProcess {
            let run = try RankRunProcess(
                ["--nproc-per-node", "2", "--log-dir", fixture.path("logs"), "--rdzv-id", "r"] + flags + ["./both.sh"],
                in: fixture
            )
            #expect(run.waitForExit() == 0)
            return run
        }

        @Test func teeBothWritesFilesAndPrefixedConsoleLines() throws {
            let fixture = try Fixture()
            try rankScript(fixture)
            let result = try run(["--tee", "3"], fixture)
            #expect(Set(result.stdoutLines.filter { !$0.isEmpty }) == ["[default0]:out0", "[default1]:out1"])
            #expect(result.stderr.contains("[default0]:err0"))
            #expect(result.stderr.contains("[default1]:err1"))
            #expect(fixture.read("logs/r/attempt_0/1/stdout.log") == "out1\n")
            #expect(fixture.read("logs/r/attempt_0/1/stderr.log") == "err1\n")
        }

        @Test func localRanksFilterHidesOtherRanksButKeepsTheirFiles() throws {
            let fixture = try Fixture()
            try rankScript(fixture)
            let result = try run(["--tee", "3", "--local-ranks-filter", "0"], fixture)
            #expect(result.stdoutLines.filter { !$0.isEmpty } == ["[default0]:out0"])
            #expect(!result.stderr.contains("err1"))
            #expect(fixture.read("logs/r/attempt_0/1/stdout.log") == "out1\n")
            #expect(fixture.read("logs/r/attempt_0/1/stderr.log") == "err1\n")
        }

        @Test func redirectWithoutTeeKeepsTheStreamOffTheConsole() throws {
            let fixture = try Fixture()
            try rankScript(fixture)
            let result = try run(["--redirects", "1"], fixture)
            #expect(result.stdout.isEmpty)
            #expect(result.stderr.contains("err0"))  // not redirected: inherited, unprefixed
            #expect(!result.stderr.contains("[default0]:"))
            #expect(fixture.read("logs/r/attempt_0/0/stdout.log") == "out0\n")
            #expect(!fixture.exists("logs/r/attempt_0/0/stderr.log"))
        }

        @Test func filteredRanksUnredirectedStreamsAreDiscarded() throws {
            let fixture = try Fixture()
            try rankScript(fixture)
            let result = try run(["--redirects", "2", "--local-ranks-filter", "1"], fixture)
            #expect(result.stdoutLines.filter { !$0.isEmpty } == ["out1"])
            #expect(!result.stderr.contains("err"))
            #expect(fixture.read("logs/r/attempt_0/0/stderr.log") == "err0\n")
            #expect(!fixture.exists("logs/r/attempt_0/0/stdout.log"))
        }

        @Test func perRankMapsApplyToTheirRanksOnly() throws {
            let fixture = try Fixture()
            try rankScript(fixture)
            let result = try run(["--redirects", "0:3", "--tee", "1:1"], fixture)
            let lines = Set(result.stdoutLines.filter { !$0.isEmpty })
            #expect(lines == ["[default1]:out1"])
            #expect(result.stderr.contains("err1"))
            #expect(!result.stderr.contains("[default1]:err1"))
            #expect(fixture.read("logs/r/attempt_0/0/stdout.log") == "out0\n")
            #expect(fixture.read("logs/r/attempt_0/0/stderr.log") == "err0\n")
            #expect(fixture.read("logs/r/attempt_0/1/stdout.log") == "out1\n")
            #expect(!fixture.exists("logs/r/attempt_0/1/stderr.log"))
        }

        @Test func prefixTemplateComesFromTheEnvironment() throws {
            let fixture = try Fixture()
            try rankScript(fixture)
            let run = try RankRunProcess(
                [
                    "--nproc-per-node", "2", "--node-rank", "1", "--nnodes", "2", "--role", "w", "--log-dir",
                    fixture.path("logs"),
                    "--tee", "1", "./both.sh",
                ],
                in: fixture,
                environment: ["TORCHELASTIC_LOG_LINE_PREFIX_TEMPLATE": "<${role_name}|${rank}|${local_rank}> "]
            )
            #expect(run.waitForExit() == 0)
            #expect(Set(run.stdoutLines.filter { !$0.isEmpty }) == ["<w|2|0> out0", "<w|3|1> out1"])
            let flagged = try RankRunProcess(
                ["--log_line_prefix_template", "${local_rank}> ", "--tee", "1", "./both.sh"],
                in: fixture,
                environment: ["TORCHELASTIC_LOG_LINE_PREFIX_TEMPLATE": "ignored "]
            )
            #expect(flagged.waitForExit() == 0)
            #expect(flagged.stdoutLines.filter { !$0.isEmpty } == ["0> out0"])
        }
    }
}
