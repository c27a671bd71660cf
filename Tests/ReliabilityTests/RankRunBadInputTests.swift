import Foundation
import RunlogTestSupport
import Testing

/// Bad flags and hostile child output through the rank launcher, with real processes: a usage error is one
/// line with the fix and exit status 64, nothing is started; a rank's bytes reach its log file unchanged
/// while the console shows escape sequences (other than SGR colour) only as inert text.
@Suite(.serialized) struct RankRunBadInputTests {
    @Test func badRedirectTeeAndFilterFlagsAreOneLineUsageErrors() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let marker = directory.file("started")
        let cases: [([String], String)] = [
            (["--redirects", "0:3,0:1"], "names local rank 0 twice: give each rank once"),
            (["--tee", "0:3,2:1"], "--tee names local rank 2, but --nproc-per-node is 2 (local ranks 0...1)"),
            (["--tee", "99999999999999999999:1"], "or a per-local-rank map such as 0:3,1:0"),
            (
                ["--redirects", "0:3\n\u{1B}]52;c;eA==\u{07}"],
                "--redirects '0:3\\u{a}\\u{1b}]52;c;eA==\\u{7}' is not valid"
            ),
            (["--local-ranks-filter", "0,-1"], "e.g. --local-ranks-filter=0,1,2"),
            (["--local-ranks-filter", ""], "e.g. --local-ranks-filter=0,1,2"),
        ]
        for (flags, message) in cases {
            let result = try runRankRun(
                ["--nproc-per-node", "2", "--log-dir", directory.file("logs")] + flags
                    + ["bash", "-c", "touch \(marker)"],
                in: directory.path
            )
            #expect(result.status == 64, "\(flags): \(result.standardError)")
            #expect(result.standardError.contains(message), "\(flags): \(result.standardError.debugDescription)")
            let errorLines = result.standardError.split(separator: "\n").filter { $0.hasPrefix("Error:") }
            #expect(errorLines.count == 1, "\(flags): \(result.standardError.debugDescription)")
            #expect(!result.standardError.contains("\u{1B}"), "\(flags): an escape sequence reached the terminal")
        }
        #expect(!FileManager.default.fileExists(atPath: marker), "a rank was started")
        #expect(!FileManager.default.fileExists(atPath: directory.file("logs")), "the log folder was created")
    }

    @Test func missingCommandIsAUsageErrorWithAnExample() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        for arguments in [["--nproc-per-node", "2"], ["--nproc-per-node", "2", "--"]] {
            let result = try runRankRun(arguments, in: directory.path)
            #expect(result.status == 64, "\(arguments)")
            #expect(
                result.standardError.contains("missing the command to run, e.g. rankrun --nproc-per-node 2 train.py"),
                "\(arguments): \(result.standardError)"
            )
        }
    }

    @Test func hostileRankOutputKeepsItsBytesInTheFileAndIsInertOnTheConsole() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        // NUL, OSC 0/2 titles, OSC 52 clipboard, bracketed paste, cursor moves, a screen clear, \r progress,
        // invalid UTF-8, a 1 MiB line, SGR colour, and no newline at the end.
        var bytes: [UInt8] = Array("a\u{0}b\n".utf8)
        bytes += Array("\u{1B}]0;owned\u{07}\u{1B}]2;owned\u{1B}\\title\n".utf8)
        bytes += Array("\u{1B}]52;c;cm0gLXJmIH4=\u{07}clip\n".utf8)
        bytes += Array("\u{1B}[200~paste\u{1B}[201~\n".utf8)
        bytes += Array("\u{1B}[2J\u{1B}[H\u{1B}[5Amove\n".utf8)
        bytes += Array("1%\r50%\r100%\n".utf8)
        bytes += [0x62, 0x61, 0x64, 0x20, 0xFF, 0xFE, 0x0A]
        bytes += Array(repeating: UInt8(ascii: "x"), count: 1 << 20) + [0x0A]
        bytes += Array("\u{1B}[32mgreen\u{1B}[0m\n".utf8)
        bytes += Array("no newline".utf8)
        let payload = directory.file("payload.bin")
        try Data(bytes).write(to: URL(fileURLWithPath: payload))

        let result = try runRankRun(
            [
                "--nproc-per-node", "1", "--log-dir", directory.file("logs"), "--rdzv-id", "h", "--redirects", "3",
                "--tee", "3", "cat", payload,
            ],
            in: directory.path
        )
        #expect(result.status == 0, "\(result.standardError)")
        #expect(readBytes(directory.file("logs/h/attempt_0/0/stdout.log")) == bytes, "the file lost or changed bytes")

        let console = result.standardOutput
        #expect(!console.contains(0), "NUL reached the console")
        let text = String(decoding: console, as: UTF8.self)
        // The only ESC left on the console starts a complete SGR sequence.
        let escapes = text.ranges(of: "\u{1B}").map { text[$0.lowerBound...].prefix(8) }
        #expect(escapes.allSatisfy { $0.prefixMatch(of: #/\x1B\[[0-9;]*m/#) != nil }, "\(escapes)")
        #expect(!text.contains("\u{07}") && !text.contains("\r"), "BEL or CR reached the console")
        #expect(text.contains("\u{1B}[32mgreen"), "SGR colour from the rank was removed")
        #expect(text.contains("no newline"), "the last line without a newline was lost")
        #expect(text.contains(String(repeating: "x", count: 1 << 20)), "the 1 MiB line was cut")
        for visible in ["owned", "clip", "paste", "move", "100%", "bad \u{FFFD}\u{FFFD}"] {
            #expect(text.contains(visible), "\(visible) is missing from the console")
        }
    }

    @Test func rankKilledWithSIGKILLKeepsEveryLineItWroteAndStopsTheRun() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let script = directory.file("rank.py")
        try Data(
            """
            import os, sys, time
            pidfile = "\(directory.file("rank0.pid"))"
            if os.environ["LOCAL_RANK"] == "1":
                while not os.path.exists(pidfile):
                    time.sleep(0.01)
                for i in range(5000):
                    sys.stdout.write("line %d of rank 1\\n" % i)
                    sys.stdout.flush()
                os.kill(os.getpid(), 9)
            with open(pidfile + ".tmp", "w") as f:
                f.write(str(os.getpid()))
            os.rename(pidfile + ".tmp", pidfile)
            time.sleep(60)
            """.utf8
        ).write(to: URL(fileURLWithPath: script))
        let started = Date()
        let result = try runRankRun(
            [
                "--nproc-per-node", "2", "--log-dir", directory.file("logs"), "--rdzv-id", "k", "--redirects", "3",
                "--grace-period", "2", "python3", script,
            ],
            in: directory.path
        )
        #expect(result.status == 1, "\(result.standardError)")
        #expect(Date().timeIntervalSince(started) < 20, "the run did not stop promptly")
        let lines = readLines(directory.file("logs/k/attempt_0/1/stdout.log"))
        #expect(lines.count == 5000, "lines written before SIGKILL were lost")
        #expect(lines.enumerated().allSatisfy { $0.element == "line \($0.offset) of rank 1" })
        #expect(result.standardError.contains("signal SIGKILL (9)"), "\(result.standardError)")
        #expect(result.standardError.contains("local_rank: 1"), "the summary does not name the rank")
        let rank0 = Int32(String(decoding: readBytes(directory.file("rank0.pid")), as: UTF8.self)) ?? 0
        #expect(rank0 > 0 && kill(rank0, 0) != 0, "rank 0 survived the stop")
    }
}
