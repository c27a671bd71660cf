import Foundation
import Testing

/// Output that cannot be written must not stall `rl`. rl's console is a pipe nobody reads (a paused terminal,
/// `rl | less` left alone) while trainer rank 0 floods it through the rank launcher's tee, and inference and
/// trainer rank 1 are stuck in `write(2)` on full pipes of their own. A SIGTERM to rl must still stop the run
/// within its grace period and leave nothing running.
@Suite(.serialized) struct LauncherStuckOutputTests {
    static let grace = 3.0

    /// Rank 0 prints 8 MiB of lines (far more than the pipes on the way hold), then idles; the other ranks
    /// and inference fill a pipe of their own that nobody reads and block writing to it; the orchestrator
    /// idles. All keep the default SIGTERM action.
    static let script = """
        import os, sys, time
        if os.environ.get("LOCAL_RANK") == "0":
            line = "flood " + "x" * 250 + "\\n"
            for _ in range(8 * 1024 * 1024 // len(line)):
                sys.stdout.write(line)
                sys.stdout.flush()
        elif sys.argv[1] == "stuck":
            r, w = os.pipe()
            os.write(w, b"x" * (1 << 22))  # blocks once the pipe is full
        time.sleep(3600)
        """

    /// Bytes waiting in a pipe.
    private func unread(_ handle: FileHandle) -> Int32 {
        var count: Int32 = 0
        return ioctl(handle.fileDescriptor, UInt(FIONREAD), &count) == 0 ? count : -1
    }

    /// Descendants of rl blocked writing to a pipe, as the kernel reports it.
    private func stuckWriting(in run: LauncherHarness.Run) -> [Int32] {
        run.descendants.keys.filter { pid in
            let wchan = (try? String(contentsOfFile: "/proc/\(pid)/wchan", encoding: .utf8)) ?? ""
            return wchan.contains("pipe_write")
        }
    }

    private func size(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? -1
    }

    @Test(.enabled(if: LauncherHarness.componentsAreBuilt))
    func sigtermStopsARunWhoseConsoleIsAFullPipe() throws {
        let harness = try LauncherHarness()
        let script = try harness.write("output.py", Self.script)
        let config = try harness.write(
            "stuck.toml",
            """
            [launcher]
            inference_command = ["python3", "\(script)", "stuck"]
            orchestrator_command = ["python3", "\(script)", "idle"]
            trainer_command = ["python3", "\(script)", "stuck"]
            grace_period_seconds = \(Self.grace)
            [trainer]
            nproc_per_node = 2
            """
        )
        let console = Pipe()  // kept open and never read
        let run = try harness.start(
            ["@", config, "--output-dir", harness.outputDir],
            standardOutput: console.fileHandleForWriting
        )
        try console.fileHandleForWriting.close()
        defer { _ = run.wait(timeout: 1) }
        let trainerLog = harness.logsDir + "/trainer.stdout"

        // rl's console pipe is full, rank 0 has written everything, inference and rank 1 are stuck writing.
        let stuck = run.waitFor(timeout: 60) {
            unread(console.fileHandleForReading) >= 60_000 && size(trainerLog) >= 8 * 1024 * 1024
                && stuckWriting(in: run).count >= 2
        }
        #expect(stuck, "pipe \(unread(console.fileHandleForReading)) bytes, trainer.stdout \(size(trainerLog)) bytes")
        #expect(stuckWriting(in: run).count >= 2, "inference and rank 1 are not stuck in write(2)")
        #expect(run.descendants.count >= 5, "inference, orchestrator, rankrun, 2 ranks: \(run.descendants)")

        let signalled = Date()
        #expect(kill(run.pid, SIGTERM) == 0)
        let status = run.wait(timeout: Self.grace + 10)
        let took = Date().timeIntervalSince(signalled)
        #expect(status == 128 + SIGTERM, "rl did not exit within \(Self.grace + 10)s of SIGTERM")
        let rlLog = LogLines.plain(harness.read(harness.logsDir + "/rl.log"))
        // The tight bound: the supervisor reads at most one buffer per stream between looks at its signals,
        // so a tee backlog of several MiB does not hold the SIGTERM up, and once the grace period is over the
        // unread rest of a followed file is not copied to the console (a note says where it is).
        #expect(took < Self.grace + 3, "shutdown took \(took)s with a \(Self.grace)s grace period")
        #expect(run.survivors(after: Self.grace + 1).isEmpty)
        #expect(rlLog.contains("Run stopped: received SIGTERM"), "rl.log: \(rlLog.suffix(2000))")
    }

    /// Every process a component starts goes when the run ends, even when the component that started it
    /// has already exited: trainer ranks start a grandchild and exit at once (the run's success), inference
    /// and the orchestrator start one and idle until they are stopped.
    @Test(.enabled(if: LauncherHarness.componentsAreBuilt))
    func grandchildrenOfComponentsThatExitAreStoppedWithTheRun() throws {
        let harness = try LauncherHarness()
        let pids = harness.directory.appendingPathComponent("pids").path
        try FileManager.default.createDirectory(atPath: pids, withIntermediateDirectories: true)
        let script = try harness.write(
            "forker.py",
            """
            import os, subprocess, sys, time
            role = sys.argv[1] + os.environ.get("LOCAL_RANK", "")
            child = subprocess.Popen(["sleep", "600"])
            with open("\(pids)/" + role, "w") as f:
                f.write(str(child.pid))
            if sys.argv[1] == "trainer":
                time.sleep(1)  # the others have started their grandchildren by now
                sys.exit(0)    # leaves its grandchild behind
            time.sleep(3600)
            """
        )
        let config = try harness.write(
            "forker.toml",
            """
            [launcher]
            inference_command = ["python3", "\(script)", "inference"]
            orchestrator_command = ["python3", "\(script)", "orchestrator"]
            trainer_command = ["python3", "\(script)", "trainer"]
            grace_period_seconds = \(Self.grace)
            [trainer]
            nproc_per_node = 2
            """
        )
        let run = try harness.start(["@", config, "--output-dir", harness.outputDir])
        let status = run.wait(timeout: 60)
        #expect(status == 0, "stdout: \(run.stdout.suffix(2000)) stderr: \(run.stderr)")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: pids)) ?? []
        #expect(Set(names) == ["inference", "orchestrator", "trainer0", "trainer1"])
        let grandchildren = Dictionary(
            uniqueKeysWithValues: names.compactMap { name in
                Int32(harness.read(pids + "/" + name)).map { (name, $0) }
            }
        )
        #expect(grandchildren.count == 4)
        let deadline = Date().addingTimeInterval(Self.grace + 1)
        var alive = grandchildren.filter { kill($0.value, 0) == 0 && !isZombie($0.value) }
        while !alive.isEmpty && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.1)
            alive = alive.filter { kill($0.value, 0) == 0 && !isZombie($0.value) }
        }
        for pid in alive.values { kill(pid, SIGKILL) }
        #expect(alive["inference"] == nil && alive["orchestrator"] == nil, "still running: \(alive)")
        #expect(alive["trainer0"] == nil && alive["trainer1"] == nil, "still running: \(alive)")
        #expect(run.survivors(after: 1).isEmpty)
    }

    private func isZombie(_ pid: Int32) -> Bool {
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        guard let close = stat.lastIndex(of: ")") else { return true }
        return stat[stat.index(close, offsetBy: 2)...].hasPrefix("Z")
    }
}
