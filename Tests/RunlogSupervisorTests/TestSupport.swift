import Foundation
import Glibc
import Testing

/// Every suite that spawns processes nests here, so they run one at a time: timing-sensitive tests
/// must not share two cores with each other.
@Suite(.serialized) struct ProcessTests {}

/// A temporary folder with fixture scripts, removed when the fixture is released.
final class Fixture {
    let directory: String

    init() throws {
        let base = FileManager.default.temporaryDirectory.path
        directory = (base as NSString).appendingPathComponent("rankrun-test-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: directory)
    }

    func path(_ name: String) -> String {
        (directory as NSString).appendingPathComponent(name)
    }

    /// Writes an executable script and returns its path.
    @discardableResult
    func script(_ name: String, _ body: String) throws -> String {
        let file = path(name)
        try body.write(toFile: file, atomically: true, encoding: .utf8)
        chmod(file, 0o755)
        return file
    }

    func read(_ name: String) -> String {
        (try? String(contentsOfFile: path(name), encoding: .utf8)) ?? ""
    }

    func exists(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: path(name))
    }

    /// The pids the ranks wrote into `pids/<local_rank>` (and `pids/<local_rank>.child` for a grandchild).
    func reportedPIDs() -> [Int32] {
        let folder = path("pids")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.compactMap { name in
            let text = (try? String(contentsOfFile: folder + "/" + name, encoding: .utf8)) ?? ""
            return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }
}

/// The built `rankrun` beside the test bundle.
let rankrunPath: String = {
    let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    return executable.deletingLastPathComponent().appendingPathComponent("rankrun").path
}()

/// A running rankrun whose stdout and stderr go to files in the fixture, read while it runs.
final class RankRunProcess {
    let process = Process()
    let stdoutPath: String
    let stderrPath: String

    init(_ arguments: [String], in fixture: Fixture, environment: [String: String] = [:]) throws {
        stdoutPath = fixture.path("rankrun.stdout")
        stderrPath = fixture.path("rankrun.stderr")
        _ = FileManager.default.createFile(atPath: stdoutPath, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: rankrunPath)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: fixture.directory)
        // Default log folders (no --log-dir) land in the fixture, which is removed afterwards. Repeats are
        // not collapsed unless a test asks for it, so tests can check every rank's own line.
        let base = ProcessInfo.processInfo.environment.merging(
            ["TMPDIR": fixture.directory, "RUNLOG_NO_DEDUP": "1"]
        ) { _, new in new }
        process.environment = base.merging(environment) { _, new in new }
        process.standardOutput = FileHandle(forWritingAtPath: stdoutPath)
        process.standardError = FileHandle(forWritingAtPath: stderrPath)
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }
    var stdout: String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }
    var stdoutLines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

    /// Waits for exit; returns the exit status (128+N when ended by signal N), or nil after `timeout`
    /// (then rankrun is killed so the test does not hang).
    func waitForExit(timeout: Double = 20) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline {
                kill(pid, SIGKILL)
                process.waitUntilExit()
                return nil
            }
            usleep(5000)
        }
        process.waitUntilExit()
        if process.terminationReason == .uncaughtSignal {
            return 128 + process.terminationStatus
        }
        return process.terminationStatus
    }

    /// Waits until stdout contains `text`.
    func waitForStdout(containing text: String, timeout: Double = 10) -> Bool {
        waitUntil(timeout: timeout) { self.stdout.contains(text) }
    }
}

/// Polls `condition` every 5 ms until it holds or `timeout` passes.
func waitUntil(timeout: Double, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if condition() { return true }
        usleep(5000)
    }
    return condition()
}

/// Whether a process with this pid exists and is not a zombie.
func isAlive(_ pid: Int32) -> Bool {
    guard kill(pid, 0) == 0 else { return false }
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
        let close = stat.lastIndex(of: ")")
    else { return false }
    let state = stat[stat.index(close, offsetBy: 2)]
    return state != "Z" && state != "X"
}
