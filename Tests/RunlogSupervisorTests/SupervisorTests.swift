import Foundation
import Glibc
import Synchronization
import Testing

@testable import RunlogSupervisor

/// The library API the `rl` launcher uses, with real processes.
extension ProcessTests {
    @Suite struct SupervisorTests {
        /// Collects tee'd lines instead of printing them.
        final class Lines: Sendable {
            let lines = Mutex<[(ConsoleStream, String)]>([])
            var all: [(ConsoleStream, String)] { lines.withLock { $0 } }
            func options(grace: Duration = .seconds(5)) -> SupervisorOptions {
                var options = SupervisorOptions(gracePeriod: grace)
                options.lineSink = { stream, line in self.lines.withLock { $0.append((stream, line)) } }
                return options
            }
        }

        private func shell(_ name: String, _ script: String) -> ChildSpec {
            ChildSpec(name: name, executable: "/bin/sh", arguments: ["-c", script])
        }

        @Test func consoleDestinationPrefixesEachStreamThroughAPipe() async throws {
            let collected = Lines()
            let supervisor = try Supervisor(options: collected.options())
            var spec = shell("c", "echo a; echo b >&2; printf c")
            spec.standardOutput = .console(linePrefix: "[out] ")
            spec.standardError = .console(linePrefix: "[err] ")
            try supervisor.start(spec)
            let outcome = await supervisor.wait()
            #expect(outcome.succeeded)
            let out = collected.all.filter { $0.0 == .standardOutput }.map(\.1)
            let err = collected.all.filter { $0.0 == .standardError }.map(\.1)
            #expect(out == ["[out] a", "[out] c"])
            #expect(err == ["[err] b"])
        }

        @Test func fileDestinationAppendsAndFollowingShowsOnlyNewLines() throws {
            let fixture = try Fixture()
            let log = fixture.path("deep/folder/child.stdout")
            try FileManager.default.createDirectory(
                atPath: fixture.path("deep/folder"),
                withIntermediateDirectories: true
            )
            try "earlier run\n".write(toFile: log, atomically: true, encoding: .utf8)
            let collected = Lines()
            let supervisor = try Supervisor(options: collected.options())
            var spec = shell("f", "echo new; echo also >&2")
            spec.standardOutput = .fileAndConsole(path: log, linePrefix: "> ")
            spec.standardError = spec.standardOutput
            try supervisor.start(spec)
            #expect(supervisor.waitUntilFinished().succeeded)
            #expect(fixture.read("deep/folder/child.stdout") == "earlier run\nnew\nalso\n")
            #expect(collected.all.map(\.1) == ["> new", "> also"])
        }

        @Test func followingSurvivesTheChildTruncatingItsFile() throws {
            let fixture = try Fixture()
            let log = fixture.path("t.stdout")
            let collected = Lines()
            let supervisor = try Supervisor(options: collected.options())
            var spec = shell("t", "echo before; sleep 0.3; : > '\(log)'; sleep 0.3; echo after")
            spec.standardOutput = .fileAndConsole(path: log, linePrefix: "")
            try supervisor.start(spec)
            #expect(supervisor.waitUntilFinished().succeeded)
            #expect(collected.all.map(\.1) == ["before", "after"])
        }

        @Test func successWithStopOthersEndsTheGroupWithoutFailure() throws {
            let supervisor = try Supervisor(options: Lines().options())
            try supervisor.start(shell("server", "exec sleep 30"))
            var trainer = shell("trainer", "sleep 0.2")
            trainer.whenSucceeds = .stopOthers
            try supervisor.start(trainer)
            let outcome = supervisor.waitUntilFinished()
            #expect(outcome.succeeded)
            #expect(outcome.stopReason == .childSucceeded("trainer"))
            #expect(outcome.rootCause == nil)
            let server = try #require(outcome.children.first { $0.name == "server" })
            #expect(server.wasStopped)
            #expect(server.status == .signaled(SIGTERM))
            #expect(outcome.failureSummary(title: "rl").isEmpty)
        }

        @Test func childrenFoundDeadTogetherAreReportedInTheOrderTheyDied() throws {
            // The supervisor's thread is held up by its line sink while two children die, the one started
            // later dying first (as a rank does when its peer is killed); that one is the root cause.
            // (Starting a child waits for the supervisor's thread, so the hold begins once all three run.)
            var options = SupervisorOptions(gracePeriod: .seconds(5))
            options.lineSink = { _, line in
                if line.hasSuffix("hold") { Thread.sleep(forTimeInterval: 2) }
            }
            let supervisor = try Supervisor(options: options)
            var holder = shell("holder", "sleep 0.3; echo hold; exec sleep 30")
            holder.standardOutput = .console(linePrefix: "")
            try supervisor.start(holder)
            try supervisor.start(shell("second", "sleep 1.3; exit 5"))
            try supervisor.start(shell("first", "sleep 0.8; exit 6"))
            let outcome = supervisor.waitUntilFinished()
            #expect(outcome.rootCause?.name == "first")
            #expect(outcome.stopReason == .childFailed("first"))
            #expect(outcome.children.first { $0.name == "second" }?.status == .exited(5))
        }

        @Test func theFirstChildToDieIsTheRootCauseEvenWithMoreOutputLeftToRead() throws {
            // The first child dies with megabytes of output not yet read; the second dies just after it is
            // reaped, with nothing to read. The first is still the one reported first.
            let fixture = try Fixture()
            let big = fixture.path("big")
            let line = String(repeating: "x", count: 99) + "\n"
            try String(repeating: line, count: 200_000).write(toFile: big, atomically: false, encoding: .utf8)
            let seen = Mutex(0)
            var options = SupervisorOptions(gracePeriod: .seconds(5))
            options.lineSink = { _, _ in
                // A slow console: a few hundred milliseconds to read what the first child left.
                if seen.withLock({ count in
                    count += 1
                    return count % 1000 == 0
                }) {
                    usleep(2000)
                }
            }
            let supervisor = try Supervisor(options: options)
            var first = shell("first", "cat '\(big)'; exit 3")
            first.standardOutput = .fileAndConsole(path: fixture.path("first.out"), linePrefix: "")
            let firstPID = try supervisor.start(first)
            // `kill -0` succeeds on a child that is dead but not reaped: the second outlives the first's reaping.
            try supervisor.start(shell("second", "while kill -0 \(firstPID) 2>/dev/null; do sleep 0.01; done; exit 4"))
            let outcome = supervisor.waitUntilFinished()
            #expect(outcome.rootCause?.name == "first")
            #expect(outcome.rootCause?.status == .exited(3))
            #expect(seen.withLock { $0 } == 200_000)
        }

        @Test func failureSummaryShowsRootCauseAndLastLinesOfItsLog() throws {
            let fixture = try Fixture()
            let log = fixture.path("trainer.stdout")
            let supervisor = try Supervisor(options: Lines().options())
            try supervisor.start(shell("inference", "exec sleep 30"))
            var trainer = shell("trainer", "for i in $(seq 1 50); do echo \"step $i\"; done; exit 7")
            trainer.standardOutput = .file(path: log)
            trainer.summaryLogFiles = [log]
            trainer.summaryFields = [SummaryField("component", "trainer")]
            try supervisor.start(trainer)
            let outcome = supervisor.waitUntilFinished()
            #expect(!outcome.succeeded)
            #expect(outcome.suggestedExitStatus == 1)
            #expect(outcome.rootCause?.name == "trainer")
            #expect(outcome.rootCause?.status == .exited(7))
            let summary = outcome.failureSummary(title: "rl", tailLines: 20)
            #expect(summary.contains("  component : trainer\n"))
            #expect(summary.contains("last 20 lines of \(log)"))
            #expect(summary.contains("| step 31\n"))
            #expect(!summary.contains("| step 30\n"))
            #expect(summary.contains("inference (pid"))
        }

        @Test func missingProgramIsAnErrorThatNamesTheFix() throws {
            let supervisor = try Supervisor(options: Lines().options())
            #expect {
                try supervisor.start(ChildSpec(name: "x", executable: "no-such-program-here"))
            } throws: { error in
                "\(error)".contains("no executable named 'no-such-program-here' in PATH")
            }
            _ = supervisor.waitUntilFinished()
        }

        @Test func startAfterTheGroupEndedIsRefused() throws {
            let supervisor = try Supervisor(options: Lines().options())
            try supervisor.start(shell("one", "exit 0"))
            #expect(supervisor.waitUntilFinished().succeeded)
            #expect(throws: SupervisorError.self) { try supervisor.start(shell("late", "exit 0")) }
        }

        /// Linux sends the parent-death signal when the forking *thread* ends: a child started at the request
        /// of a short-lived thread must not die with that thread.
        @Test func childOutlivesTheThreadThatStartedIt() throws {
            let supervisor = try Supervisor(options: Lines().options())
            let done = DispatchSemaphore(value: 0)
            let thread = Thread {
                _ = try? supervisor.start(ChildSpec(name: "s", executable: "/bin/sleep", arguments: ["0.5"]))
                done.signal()
            }
            thread.start()
            done.wait()
            usleep(100_000)  // the requesting thread has finished by now
            let outcome = supervisor.waitUntilFinished()
            #expect(outcome.children.map(\.status) == [.exited(0)])
        }

        @Test func parentDeathSignalIsSetInTheChild() throws {
            let collected = Lines()
            let supervisor = try Supervisor(options: collected.options())
            var spec = ChildSpec(
                name: "p",
                executable: "python3",
                arguments: [
                    "-c",
                    "import ctypes; v = ctypes.c_int(); ctypes.CDLL(None).prctl(2, ctypes.byref(v)); print(v.value)",
                ]
            )
            spec.standardOutput = .console(linePrefix: "")
            try supervisor.start(spec)
            #expect(supervisor.waitUntilFinished().succeeded)
            #expect(collected.all.map(\.1) == [String(SIGKILL)])
        }
    }
}
