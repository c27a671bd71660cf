import Foundation
import Testing

extension ProcessTests {
    /// The console side of `--tee`: prompt, whole lines in order, nothing lost at the end, and safe text.
    @Suite struct TeeTests {
        @Test func teeLineReachesConsoleBeforeRankExits() throws {
            let fixture = try Fixture()
            // The rank prints, then waits until the test has seen the line on rankrun's stdout.
            try fixture.script(
                "wait.sh",
                """
                #!/bin/bash
                echo "hello from $LOCAL_RANK"
                for i in $(seq 1 1000); do [ -e \(fixture.path("seen")) ] && exit 0; sleep 0.01; done
                exit 3
                """
            )
            let run = try RankRunProcess(["--tee", "3", "--log-dir", fixture.path("logs"), "./wait.sh"], in: fixture)
            let seen = run.waitForStdout(containing: "[default0]:hello from 0\n", timeout: 10)
            _ = FileManager.default.createFile(atPath: fixture.path("seen"), contents: nil)
            #expect(seen)
            #expect(run.waitForExit() == 0)
        }

        /// A burst makes the tee read the file on its batch timer without a watch; when the burst ends the
        /// watch must be armed again, or a later line would wait for the 200 ms sweep or the rank's exit.
        @Test func aLineAfterABurstReachesConsoleBeforeRankExits() throws {
            let fixture = try Fixture()
            try fixture.script(
                "burst.py",
                """
                import os, sys, time
                out = sys.stdout
                for i in range(20000):
                    out.write(f"burst line {i} with some padding to make the reads large\\n")
                    if i % 50 == 0:
                        out.flush()
                out.flush()
                time.sleep(0.3)
                out.write("after the burst\\n")
                out.flush()
                for _ in range(1000):
                    if os.path.exists(\(String(reflecting: fixture.path("seen")))):
                        sys.exit(0)
                    time.sleep(0.01)
                sys.exit(3)
                """
            )
            let run = try RankRunProcess(["--tee", "3", "--log-dir", fixture.path("logs"), "burst.py"], in: fixture)
            let seen = run.waitForStdout(containing: "[default0]:after the burst\n", timeout: 10)
            _ = FileManager.default.createFile(atPath: fixture.path("seen"), contents: nil)
            #expect(seen)
            #expect(run.waitForExit() == 0)
            let lines = run.stdoutLines.filter { $0.hasPrefix("[default0]:burst line ") }
            #expect(lines.count == 20000)
            #expect(lines.last == "[default0]:burst line 19999 with some padding to make the reads large")
        }

        @Test func linesStayInOrderAndPartialLastLineIsPrinted() throws {
            let fixture = try Fixture()
            try fixture.script(
                "many.py",
                """
                import sys
                for i in range(3000):
                    sys.stdout.write(f"line {i}\\n")
                    if i % 7 == 0:
                        sys.stdout.flush()
                sys.stdout.write("no newline at the end")
                """
            )
            let run = try RankRunProcess(["--tee", "3", "--log-dir", fixture.path("logs"), "many.py"], in: fixture)
            #expect(run.waitForExit() == 0)
            let expected = (0..<3000).map { "[default0]:line \($0)" } + ["[default0]:no newline at the end", ""]
            #expect(run.stdoutLines == expected)
        }

        @Test func progressInvalidUTF8AndEscapesAreCleaned() throws {
            let fixture = try Fixture()
            try fixture.script(
                "messy.py",
                """
                import sys
                out = sys.stdout.buffer
                out.write(b"".join(b"\\r%d%%" % i for i in range(101)) + b"\\n")
                out.write(b"bad \\xff\\xfe bytes\\n")
                out.write(b"\\x1b[2Jclear \\x1b[32mgreen\\x1b[0m\\n")
                out.write(b"x" * (1 << 20) + b"\\n")
                """
            )
            let run = try RankRunProcess(["--tee", "1", "--log-dir", fixture.path("logs"), "messy.py"], in: fixture)
            #expect(run.waitForExit() == 0)
            let lines = run.stdoutLines
            #expect(lines.count == 5)
            #expect(lines[0] == "[default0]:100%")
            #expect(lines[1] == "[default0]:bad \u{FFFD}\u{FFFD} bytes")
            #expect(!lines[2].contains("\u{1B}[2J"))
            #expect(lines[2].contains("\u{1B}[32mgreen"))
            #expect(lines[3].utf8.count == (1 << 20) + "[default0]:".utf8.count)
        }
    }
}
