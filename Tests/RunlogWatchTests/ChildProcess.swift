import Foundation
import Glibc

/// A child process started with posix_spawn, its standard output and error going to temporary files.
///
/// Files instead of pipes: nothing can block on a full or never-closed pipe (tmux's server and its panes
/// inherit descriptors), and the test reads the output while the child runs. The child starts with no
/// blocked signals and default SIGINT/SIGTERM/SIGHUP, whatever the test runner's threads have blocked.
final class ChildProcess {
    let pid: pid_t
    private let outputPath: String
    private let errorPath: String
    private var status: Int32?

    /// Starts `path` with `arguments`, in `environment` (the test's own when nil).
    init(_ path: String, _ arguments: [String], environment: [String: String]? = nil) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("runlog-child-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        outputPath = folder.appendingPathComponent("stdout").path
        errorPath = folder.appendingPathComponent("stderr").path

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for number in [SIGINT, SIGTERM, SIGHUP, SIGPIPE] { sigaddset(&defaults, number) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let env = (environment ?? ProcessInfo.processInfo.environment).map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { env.forEach { free($0) } }
        var child: pid_t = 0
        let result = posix_spawn(&child, path, &actions, &attributes, argv, env)
        guard result == 0 else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "cannot start \(path): \(result)"])
        }
        pid = child
    }

    deinit {
        if status == nil {
            kill(pid, SIGKILL)
            _ = reap(block: true)
        }
        try? FileManager.default.removeItem(atPath: (outputPath as NSString).deletingLastPathComponent)
    }

    /// Everything written to standard output so far.
    var output: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }

    /// Everything written to standard error so far.
    var errorOutput: String { (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? "" }

    /// Whether the child is still running.
    var isRunning: Bool { reap(block: false) == nil }

    /// Waits up to `timeout` seconds for the child to exit, then stops it; returns its exit status (128+N
    /// after signal N).
    @discardableResult
    func wait(timeout: Double = 10) -> Int32 {
        let start = Date()
        while Date().timeIntervalSince(start) < timeout {
            if let status = reap(block: false) { return status }
            usleep(5_000)
        }
        return stop()
    }

    /// Stops the child: SIGTERM, then SIGKILL after two seconds; returns its exit status.
    @discardableResult
    func stop() -> Int32 {
        if let status { return status }
        kill(pid, SIGTERM)
        let start = Date()
        while Date().timeIntervalSince(start) < 2 {
            if let status = reap(block: false) { return status }
            usleep(5_000)
        }
        kill(pid, SIGKILL)
        return reap(block: true) ?? -1
    }

    private func reap(block: Bool) -> Int32? {
        if let status { return status }
        var raw: Int32 = 0
        let result = waitpid(pid, &raw, block ? 0 : WNOHANG)
        guard result == pid else { return nil }
        let signal = raw & 0x7F
        status = signal == 0 ? (raw >> 8) & 0xFF : 128 + signal
        return status
    }
}
