import Foundation
import Testing

/// Runs the built `rl` in a scratch directory and watches every process it starts, by pid.
final class LauncherHarness: @unchecked Sendable {
    /// The folder holding the package's executables (beside the test bundle).
    static let binDirectory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        .deletingLastPathComponent()

    /// A fresh working directory, removed at the end.
    let directory: URL
    /// `{directory}/outputs`, the output_dir the tests pass.
    var outputDir: String { directory.appendingPathComponent("outputs").path }
    /// `{outputDir}/logs`.
    var logsDir: String { outputDir + "/logs" }

    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("rl-launcher-\(UUID().uuidString.prefix(8))", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Whether the component executables exist (the workload's targets are built).
    static var componentsAreBuilt: Bool {
        ["rl", "rankrun", "inference", "orchestrator", "trainer", "env-worker"].allSatisfy {
            FileManager.default.isExecutableFile(atPath: binDirectory.appendingPathComponent($0).path)
        }
    }

    /// Writes a file in the working directory and returns its path.
    func write(_ name: String, _ text: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// Reads a file under the working directory (absolute paths also work); empty when missing.
    func read(_ path: String) -> String {
        let full = path.hasPrefix("/") ? path : directory.appendingPathComponent(path).path
        return (try? String(contentsOfFile: full, encoding: .utf8)) ?? ""
    }

    /// A running (or finished) `rl`.
    final class Run: @unchecked Sendable {
        let process: Process
        let stdoutPath: String
        let stderrPath: String
        private let lock = NSLock()
        private var seen: [Int32: String] = [:]
        private var watcher: Thread?

        init(process: Process, stdoutPath: String, stderrPath: String) {
            self.process = process
            self.stdoutPath = stdoutPath
            self.stderrPath = stderrPath
        }

        var pid: Int32 { process.processIdentifier }
        var stdout: String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }
        var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

        /// Every descendant seen so far (pid -> its /proc start time, so a reused pid is not confused).
        var descendants: [Int32: String] { lock.withLock { seen } }

        func startWatching() {
            let thread = Thread { [weak self] in
                while let self, self.process.isRunning {
                    let found = ProcessTree.descendants(of: self.pid)
                    self.lock.withLock { self.seen.merge(found) { old, _ in old } }
                    Thread.sleep(forTimeInterval: 0.05)
                }
            }
            watcher = thread
            thread.start()
        }

        /// Waits for exit up to `timeout` seconds; returns the status, or nil on timeout (then kills it).
        func wait(timeout: TimeInterval) -> Int32? {
            let deadline = Date().addingTimeInterval(timeout)
            while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
            if process.isRunning {
                kill(pid, SIGKILL)
                process.waitUntilExit()
                return nil
            }
            return process.terminationReason == .uncaughtSignal
                ? 128 + process.terminationStatus : process.terminationStatus
        }

        /// Descendants seen during the run that are still alive (zombies count as dead).
        func survivors() -> [Int32] {
            descendants.compactMap { pid, start in ProcessTree.isAlive(pid: pid, startTime: start) ? pid : nil }
                .sorted()
        }

        /// Waits up to `timeout` seconds for every seen descendant to be gone; returns the survivors.
        func survivors(after timeout: TimeInterval) -> [Int32] {
            let deadline = Date().addingTimeInterval(timeout)
            var alive = survivors()
            while !alive.isEmpty && Date() < deadline {
                Thread.sleep(forTimeInterval: 0.1)
                alive = survivors()
            }
            for pid in alive { kill(pid, SIGKILL) }  // do not leak processes into the next test
            return alive
        }

        /// Polls until `condition` holds or `timeout` seconds pass.
        func waitFor(timeout: TimeInterval, _ condition: () -> Bool) -> Bool {
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                if condition() { return true }
                if !process.isRunning { return condition() }
                Thread.sleep(forTimeInterval: 0.1)
            }
            return false
        }
    }

    /// Starts `rl` with `arguments` in the working directory; its stdout goes to `standardOutput` when
    /// given (e.g. a pipe nobody reads), else to a file read by ``Run/stdout``. With `asNobody` and when
    /// the tests run as root (who may write anywhere), rl runs as uid/gid 65534 through `setpriv`.
    func start(
        _ arguments: [String],
        environment extra: [String: String] = [:],
        standardOutput: FileHandle? = nil,
        asNobody: Bool = false
    ) throws -> Run {
        let process = Process()
        let rl = Self.binDirectory.appendingPathComponent("rl")
        if asNobody && getuid() == 0 {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            process.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", "--", rl.path] + arguments
        } else {
            process.executableURL = rl
            process.arguments = arguments
        }
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("RUNLOG_RL__") }
        environment.merge(extra) { _, new in new }
        process.environment = environment
        let stamp = UUID().uuidString.prefix(6)
        let stdoutPath = directory.appendingPathComponent("rl-\(stamp).stdout").path
        let stderrPath = directory.appendingPathComponent("rl-\(stamp).stderr").path
        _ = FileManager.default.createFile(atPath: stdoutPath, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process.standardOutput = try standardOutput ?? FileHandle(forWritingTo: URL(fileURLWithPath: stdoutPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        process.standardInput = FileHandle.nullDevice
        let run = Run(process: process, stdoutPath: stdoutPath, stderrPath: stderrPath)
        try process.run()
        run.startWatching()
        return run
    }

    /// Runs `rl` to completion (killing it after `timeout` seconds).
    func run(
        _ arguments: [String],
        environment: [String: String] = [:],
        timeout: TimeInterval = 240,
        asNobody: Bool = false
    ) throws -> (status: Int32?, run: Run) {
        let run = try start(arguments, environment: environment, asNobody: asNobody)
        return (run.wait(timeout: timeout), run)
    }

    /// The arguments that keep a run short (a few steps, a small batch) for lifecycle tests.
    static let quickRun = [
        "--max-steps", "3", "--orchestrator.batch-size", "32", "--trainer.nproc-per-node", "2",
    ]
}

/// Reads the process table from /proc.
enum ProcessTree {
    /// All descendants of `root` now: pid -> start time.
    static func descendants(of root: Int32) -> [Int32: String] {
        var children: [Int32: [Int32]] = [:]
        var starts: [Int32: String] = [:]
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [:] }
        for entry in entries {
            guard let pid = Int32(entry), let stat = stat(of: pid) else { continue }
            children[stat.parent, default: []].append(pid)
            starts[pid] = stat.start
        }
        var result: [Int32: String] = [:]
        var queue = children[root] ?? []
        while let pid = queue.popLast() {
            guard result[pid] == nil else { continue }
            result[pid] = starts[pid]
            queue += children[pid] ?? []
        }
        return result
    }

    /// Whether `pid` is the same process (same start time) and not a zombie.
    static func isAlive(pid: Int32, startTime: String) -> Bool {
        guard let stat = stat(of: pid) else { return false }
        return stat.start == startTime && stat.state != "Z" && stat.state != "X"
    }

    private static func stat(of pid: Int32) -> (state: String, parent: Int32, start: String)? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        // After the command: state(0) ppid(1) ... starttime is field 22 of the line, index 19 here.
        guard fields.count > 19, let parent = Int32(fields[1]) else { return nil }
        return (String(fields[0]), parent, String(fields[19]))
    }
}

/// Log-line checks shared by the launcher tests.
enum LogLines {
    /// Removes ANSI colour sequences.
    static func plain(_ text: String) -> String {
        text.replacing(#/\x1B\[[0-9;]*[A-Za-z]/#, with: "")
    }

    /// Non-empty lines of a text, colour removed.
    static func lines(_ text: String) -> [String] {
        plain(text).split(separator: "\n").map(String.init).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    }

    /// Whether a line has the Runlog record format `HH:mm:ss  LEVEL ...`.
    static func isRecord(_ line: String) -> Bool {
        line.wholeMatch(of: #/\d\d:\d\d:\d\d +(TRACE|DEBUG|INFO|SUCCESS|WARNING|ERROR|CRITICAL) .*/#) != nil
    }

    /// The rewards of the `Step N | ... | Reward: R` lines.
    static func rewards(in text: String) -> [Double] {
        lines(text).compactMap { line in
            guard let match = line.firstMatch(of: #/Step \d+ \|.*Reward: (-?[0-9.]+)/#) else { return nil }
            return Double(match.1)
        }
    }
}
