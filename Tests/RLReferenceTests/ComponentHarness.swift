import Foundation
import Testing

@testable import RLReference

/// Starts the workload's component executables (built beside the test bundle) in a scratch output
/// directory, the way the `rl` launcher does, and cleans up every process it started.
final class ComponentHarness: @unchecked Sendable {
    /// The folder holding the package's executables.
    static let binDirectory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        .deletingLastPathComponent()

    /// A fresh directory, removed at the end.
    let directory: URL
    /// `{directory}/outputs`.
    var outputDir: String { directory.appendingPathComponent("outputs").path }
    /// The run's layout.
    var paths: RunPaths { RunPaths(outputDir: outputDir) }
    private var processes: [Process] = []

    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("rlref-\(UUID().uuidString.prefix(8))", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try ComponentLaunch.prepareRunDirectory(outputDir: outputDir)
    }

    deinit {
        for process in processes where process.isRunning {
            kill(process.processIdentifier, SIGKILL)
        }
        try? FileManager.default.removeItem(at: directory)
    }

    /// Writes a component config as JSON and returns its path.
    func writeConfig(_ config: some Encodable, name: String) throws -> String {
        let path = directory.appendingPathComponent("\(name).json").path
        try ComponentLaunch.writeConfig(config, to: path)
        return path
    }

    /// Starts executable `name` with stdout and stderr appended to `{outputDir}/logs/{logName}`.
    @discardableResult
    func start(
        _ name: String,
        arguments: [String],
        environment: [String: String] = [:],
        logName: String
    ) throws -> Process {
        let process = Process()
        process.executableURL = Self.binDirectory.appendingPathComponent(name)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let logPath = paths.logsDir + "/" + logName
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        processes.append(process)
        return process
    }

    /// Waits up to `timeout` for `process` to exit; returns its status, or nil (after killing it).
    func waitForExit(_ process: Process, timeout: Duration = .seconds(60)) -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            guard ContinuousClock.now < deadline else {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                return nil
            }
            usleep(5_000)
        }
        return process.terminationStatus
    }

    /// The text of a file (absolute, or relative to the output directory); empty when missing.
    func read(_ path: String) -> String {
        let full = path.hasPrefix("/") ? path : outputDir + "/" + path
        return (try? String(contentsOfFile: full, encoding: .utf8)) ?? ""
    }

    /// A free TCP port on loopback (bound, read, released).
    static func freePort() throws -> Int {
        let listener = try TCPListener(host: "127.0.0.1", port: 0)
        defer { listener.close() }
        return listener.port
    }
}
