import Foundation
import Glibc

/// A real `runlog` child process whose standard output the test reads while it runs.
final class RunlogProcess {
    private let child: ChildProcess

    /// The directory that holds the built executables (`runlog`, ...), beside the test bundle.
    static var binaryDirectory: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    }

    /// Starts `runlog` with `arguments` and `environment` added to the test's own.
    init(_ arguments: [String], environment: [String: String] = [:]) throws {
        var merged = ProcessInfo.processInfo.environment
        merged.removeValue(forKey: "RUNLOG_NO_DEDUP")
        merged.merge(environment) { $1 }
        child = try ChildProcess(
            Self.binaryDirectory.appendingPathComponent("runlog").path,
            arguments,
            environment: merged
        )
    }

    /// The process id.
    var pid: Int32 { child.pid }

    /// Everything printed to standard output so far.
    var text: String { child.output }

    /// The complete output lines so far.
    var lines: [String] { text.split(separator: "\n").map(String.init) }

    /// Everything printed to standard error so far.
    var errorText: String { child.errorOutput }

    /// Waits until the output has a line containing `needle`; returns the seconds waited, or nil on timeout.
    @discardableResult
    func waitFor(_ needle: String, timeout: Double = 5) -> Double? {
        let start = Date()
        while Date().timeIntervalSince(start) < timeout {
            if text.contains(needle) { return Date().timeIntervalSince(start) }
            usleep(5_000)
        }
        return nil
    }

    /// Waits for the process to exit (stopping it after `timeout` seconds) and returns its status.
    func waitForExit(timeout: Double = 10) -> Int32 {
        child.wait(timeout: timeout)
    }

    /// Stops a following process.
    func stop() {
        child.stop()
    }

    /// CPU time (user + system) the process has used, in clock ticks, from /proc.
    func cpuTicks() -> Int? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        // After the command name come state (field 3 in proc(5)) ... utime (14) and stime (15).
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Int(fields[11]), let system = Int(fields[12]) else { return nil }
        return user + system
    }
}
