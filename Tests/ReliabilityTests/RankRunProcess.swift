import Foundation
import RunlogTestSupport

/// Runs the `rankrun` built beside the test bundle to the end in `directory`, collecting its output.
func runRankRun(_ arguments: [String], in directory: String, timeout: TimeInterval = 60) throws -> ChildResult {
    let bin = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    let process = Process()
    process.executableURL = bin.appendingPathComponent("rankrun")
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    var environment = ProcessInfo.processInfo.environment
    for key in ["NO_COLOR", "FORCE_COLOR", "RANK", "LOCAL_RANK", "WORLD_SIZE", "RUNLOG_NO_DEDUP"] {
        environment[key] = nil
    }
    process.environment = environment
    let stdoutPath = directory + "/rankrun.stdout"
    let stderrPath = directory + "/rankrun.stderr"
    _ = FileManager.default.createFile(atPath: stdoutPath, contents: nil)
    _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
    process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: stdoutPath))
    process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    process.waitUntilExit()
    return ChildResult(
        status: process.terminationStatus,
        signaled: process.terminationReason == .uncaughtSignal,
        standardOutput: readBytes(stdoutPath),
        standardError: String(decoding: readBytes(stderrPath), as: UTF8.self)
    )
}
