import Foundation

/// The directory of one run inside `output_dir`, and the `logs` link that names the current run.
///
/// ```
/// {output_dir}/runs/{run_id}/logs/...        this run's log tree
/// {output_dir}/runs/{run_id}/configs/...     this run's resolved configs
/// {output_dir}/logs -> runs/{run_id}/logs    swapped atomically (rename) when a run starts
/// ```
/// A second run never touches the first run's files, while `{output_dir}/logs/orchestrator.log` always
/// names the current run's file, so `tail -F` follows from one run to the next. A real `logs` directory
/// left by an older layout is moved into `runs/` instead of being replaced.
public struct RunDirectory: Sendable {
    /// The run's output directory as configured.
    public let outputDir: String
    /// The run's id, e.g. `20261126-214455` (with `-2`, `-3` ... when several start in one second).
    public let runID: String
    /// `{output_dir}/runs/{run_id}`.
    public var runDir: String { outputDir + "/runs/" + runID }
    /// `{output_dir}/runs/{run_id}/logs`: where this run's logs really are.
    public var logsDir: String { runDir + "/logs" }
    /// `{output_dir}/runs/{run_id}/configs`.
    public var configsDir: String { runDir + "/configs" }
    /// `{output_dir}/logs`: the link to the current run's logs.
    public var logsLink: String { outputDir + "/logs" }

    /// Checks that `outputDir` can hold runs, without creating anything.
    /// - Parameter outputDir: the configured output directory.
    public static func check(outputDir: String) throws(LaunchError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: outputDir, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw LaunchError("output_dir '\(outputDir)' is a file, not a directory; choose another --output-dir")
            }
            guard FileManager.default.isWritableFile(atPath: outputDir) else {
                throw LaunchError(
                    "output_dir '\(outputDir)' is not writable; fix its permissions or choose another --output-dir"
                )
            }
            return
        }
        // The nearest existing ancestor must be a writable directory.
        var ancestor = URL(fileURLWithPath: outputDir).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: ancestor.path, isDirectory: &isDirectory) {
            ancestor.deleteLastPathComponent()
        }
        guard isDirectory.boolValue, FileManager.default.isWritableFile(atPath: ancestor.path) else {
            throw LaunchError(
                "output_dir '\(outputDir)' cannot be created: '\(ancestor.path)' is not a writable directory; choose another --output-dir"
            )
        }
    }

    /// Creates a new run directory and points `{output_dir}/logs` at it.
    /// - Parameter outputDir: the configured output directory.
    public static func create(outputDir: String) throws(LaunchError) -> RunDirectory {
        try check(outputDir: outputDir)
        let manager = FileManager.default
        let runs = outputDir + "/runs"
        do {
            try manager.createDirectory(atPath: runs, withIntermediateDirectories: true)
        } catch {
            throw LaunchError("cannot create '\(runs)': \(error.localizedDescription)")
        }
        let stamp = Self.timestamp()
        try preserveLegacyLogs(outputDir: outputDir, runs: runs, stamp: stamp)
        var runID = stamp
        var attempt = 1
        // mkdir is the atomic claim: two launchers starting in the same second get different ids.
        while mkdir(runs + "/" + runID, 0o755) != 0 {
            guard errno == EEXIST, attempt < 1000 else {
                throw LaunchError("cannot create run directory in '\(runs)': \(String(cString: strerror(errno)))")
            }
            attempt += 1
            runID = "\(stamp)-\(attempt)"
        }
        let run = RunDirectory(outputDir: outputDir, runID: runID)
        do {
            try manager.createDirectory(atPath: run.logsDir, withIntermediateDirectories: true)
            try manager.createDirectory(atPath: run.configsDir, withIntermediateDirectories: true)
        } catch {
            throw LaunchError("cannot create '\(run.logsDir)': \(error.localizedDescription)")
        }
        try run.pointLogsLink()
        return run
    }

    /// Replaces `{output_dir}/logs` with a link to this run's logs in one `rename(2)`.
    private func pointLogsLink() throws(LaunchError) {
        let temporary = outputDir + "/.logs-\(getpid())"
        unlink(temporary)
        guard symlink("runs/\(runID)/logs", temporary) == 0 else {
            throw LaunchError("cannot create link '\(temporary)': \(String(cString: strerror(errno)))")
        }
        guard rename(temporary, logsLink) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw LaunchError("cannot point '\(logsLink)' at this run: \(reason)")
        }
    }

    /// Moves a real `logs` directory (not our link) into `runs/` so that the link can take its place.
    private static func preserveLegacyLogs(outputDir: String, runs: String, stamp: String) throws(LaunchError) {
        let logs = outputDir + "/logs"
        var status = stat()
        guard lstat(logs, &status) == 0, (status.st_mode & S_IFMT) != S_IFLNK else { return }
        let destination = runs + "/earlier-\(stamp)"
        do {
            try FileManager.default.createDirectory(atPath: destination, withIntermediateDirectories: true)
        } catch {
            throw LaunchError("cannot create '\(destination)': \(error.localizedDescription)")
        }
        guard rename(logs, destination + "/logs") == 0 else {
            throw LaunchError(
                "'\(logs)' is not a link to a run and cannot be moved aside: \(String(cString: strerror(errno))); move it away by hand"
            )
        }
    }

    private static func timestamp() -> String {
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        func pad(_ value: Int32, _ width: Int = 2) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return pad(parts.tm_year + 1900, 4) + pad(parts.tm_mon + 1) + pad(parts.tm_mday) + "-" + pad(parts.tm_hour)
            + pad(parts.tm_min) + pad(parts.tm_sec)
    }
}
