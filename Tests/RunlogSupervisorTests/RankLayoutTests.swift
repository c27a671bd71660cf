import Foundation
import Testing

extension ProcessTests {
    @Suite struct RankLayoutTests {
        @Test func fourRanksGetTorchrunLayoutAndEnvironment() throws {
            let fixture = try Fixture()
            try fixture.script(
                "env.sh",
                """
                #!/bin/bash
                for v in RANK LOCAL_RANK GROUP_RANK ROLE_RANK ROLE_NAME LOCAL_WORLD_SIZE WORLD_SIZE GROUP_WORLD_SIZE \\
                         ROLE_WORLD_SIZE MASTER_ADDR MASTER_PORT TORCHELASTIC_RESTART_COUNT TORCHELASTIC_MAX_RESTARTS \\
                         TORCHELASTIC_RUN_ID TORCHELASTIC_ERROR_FILE OMP_NUM_THREADS; do echo "$v=${!v}"; done
                echo "to stderr $LOCAL_RANK" >&2
                """
            )
            let run = try RankRunProcess(
                [
                    "--nproc-per-node", "4", "--nnodes", "2", "--node-rank", "1", "--rdzv-id", "job7", "--role",
                    "trainer",
                    "--rdzv-endpoint", "10.1.2.3:4567", "--log-dir", fixture.path("logs"), "--redirects", "3",
                    "--max-restarts", "2", "./env.sh",
                ],
                in: fixture
            )
            #expect(run.waitForExit() == 0)
            #expect(run.stdout.isEmpty)  // everything went to the files
            for localRank in 0..<4 {
                let folder = "logs/job7/attempt_0/\(localRank)"
                let stdout = fixture.read(folder + "/stdout.log")
                let values = Dictionary(
                    stdout.split(separator: "\n").map { line -> (String, String) in
                        let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
                        return (parts[0], parts.count > 1 ? parts[1] : "")
                    },
                    uniquingKeysWith: { first, _ in first }
                )
                let rank = String(4 + localRank)
                #expect(values["RANK"] == rank)
                #expect(values["LOCAL_RANK"] == String(localRank))
                #expect(values["GROUP_RANK"] == "1")
                #expect(values["ROLE_RANK"] == rank)
                #expect(values["ROLE_NAME"] == "trainer")
                #expect(values["LOCAL_WORLD_SIZE"] == "4")
                #expect(values["WORLD_SIZE"] == "8")
                #expect(values["GROUP_WORLD_SIZE"] == "2")
                #expect(values["ROLE_WORLD_SIZE"] == "8")
                #expect(values["MASTER_ADDR"] == "10.1.2.3")
                #expect(values["MASTER_PORT"] == "4567")
                #expect(values["TORCHELASTIC_RESTART_COUNT"] == "0")
                #expect(values["TORCHELASTIC_MAX_RESTARTS"] == "2")
                #expect(values["TORCHELASTIC_RUN_ID"] == "job7")
                #expect(values["TORCHELASTIC_ERROR_FILE"] == fixture.path(folder + "/error.json"))
                #expect(values["OMP_NUM_THREADS"] == "1")
                #expect(fixture.read(folder + "/stderr.log") == "to stderr \(localRank)\n")
            }
        }

        @Test func underscoreAndEqualsSpellingsAreAccepted() throws {
            let fixture = try Fixture()
            try fixture.script("hi.sh", "#!/bin/bash\necho \"hi $LOCAL_RANK of $LOCAL_WORLD_SIZE\" \"$@\"\n")
            let run = try RankRunProcess(
                [
                    "--nproc_per_node=2", "--log_dir", fixture.path("logs"), "--rdzv_id=x1", "--redirects=1", "./hi.sh",
                    "--keep_me",
                ],
                in: fixture
            )
            #expect(run.waitForExit() == 0)
            #expect(fixture.read("logs/x1/attempt_0/1/stdout.log") == "hi 1 of 2 --keep_me\n")
        }

        @Test func badFlagValuesGetClearErrors() throws {
            let fixture = try Fixture()
            try fixture.script("ok.sh", "#!/bin/bash\nexit 0\n")
            let cases: [([String], String)] = [
                (["--redirects", "5"], "use 0 (none), 1 (stdout), 2 (stderr), 3 (both)"),
                (["--tee", "0:3,x"], "per-local-rank map such as 0:3,1:0"),
                (["--tee", "0:3,7:1"], "names local rank 7"),
                (["--local-ranks-filter", "0,a"], "comma-separated list of local ranks"),
                (["--nproc-per-node", "zero"], "--nproc-per-node 'zero' is not valid"),
                (["--nnodes", "1:4"], "elastic node ranges are not supported"),
                (["--bogus"], "unknown option '--bogus'"),
            ]
            for (flags, message) in cases {
                let run = try RankRunProcess(["--nproc-per-node", "2"] + flags + ["./ok.sh"], in: fixture)
                let status = run.waitForExit()
                #expect(status == 64, "\(flags)")
                #expect(run.stderr.contains(message), "\(flags): \(run.stderr)")
            }
        }

        @Test func standaloneChoosesAFreeLocalPort() throws {
            let fixture = try Fixture()
            try fixture.script("port.sh", "#!/bin/bash\necho \"$MASTER_ADDR $MASTER_PORT\"\n")
            let run = try RankRunProcess(["--standalone", "./port.sh"], in: fixture)
            #expect(run.waitForExit() == 0)
            let parts = run.stdout.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            #expect(parts.first == "127.0.0.1")
            let port = try #require(Int(parts.last ?? ""))
            #expect(port > 0 && port != 29500)
        }

        @Test func multiDigitRanksInPerRankMaps() throws {
            let fixture = try Fixture()
            try fixture.script("n.sh", "#!/bin/bash\necho \"rank $LOCAL_RANK\"\n")
            let run = try RankRunProcess(
                [
                    "--nproc-per-node", "11", "--log-dir", fixture.path("logs"), "--rdzv-id", "m", "--redirects",
                    "10:1", "./n.sh",
                ],
                in: fixture
            )
            #expect(run.waitForExit() == 0)
            #expect(fixture.read("logs/m/attempt_0/10/stdout.log") == "rank 10\n")
            #expect(!fixture.exists("logs/m/attempt_0/9/stdout.log"))
            #expect(run.stdout.contains("rank 9"))
        }

        @Test func sameRunIDNeverOverwritesAnEarlierRun() throws {
            let fixture = try Fixture()
            try fixture.script("once.sh", "#!/bin/bash\necho \"run $TORCHELASTIC_RESTART_COUNT $(date +%s%N)\"\n")
            var outputs: [String] = []
            for _ in 0..<2 {
                let run = try RankRunProcess(
                    ["--log-dir", fixture.path("logs"), "--rdzv-id", "same", "--redirects", "3", "./once.sh"],
                    in: fixture
                )
                #expect(run.waitForExit() == 0)
            }
            for attempt in 0..<2 {
                outputs.append(fixture.read("logs/same/attempt_\(attempt)/0/stdout.log"))
            }
            #expect(outputs.allSatisfy { $0.hasPrefix("run 0 ") })
            #expect(outputs[0] != outputs[1])
        }
    }
}
