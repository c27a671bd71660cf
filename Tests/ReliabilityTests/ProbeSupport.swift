import Foundation
import Synchronization

/// A fresh directory under the system temporary directory, removed by `cleanUp()`.
struct TemporaryDirectory {
    let path: String

    init(_ name: String = #function) {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        path = NSTemporaryDirectory() + "runlog-reliability-\(getpid())-\(safe)-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ relative: String) -> String { path + "/" + relative }

    func cleanUp() { try? FileManager.default.removeItem(atPath: path) }
}

/// Reads a file's bytes (empty when missing).
func readBytes(_ path: String) -> [UInt8] {
    (try? Data(contentsOf: URL(fileURLWithPath: path))).map { Array($0) } ?? []
}

/// The lines of a file, decoded as UTF-8, without the final empty piece.
func readLines(_ path: String) -> [Substring] {
    String(decoding: readBytes(path), as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        .dropLast().map { $0 }
}

/// How a child process ended and what it printed.
struct ChildResult {
    let status: Int32
    let signaled: Bool
    let standardOutput: [UInt8]
    let standardError: String

    var outputText: String { String(decoding: standardOutput, as: UTF8.self) }
}

/// A `Process` for the `runlog-probe` fixture built beside the test bundle, with the test environment plus
/// `extra` (the Swift backtracer off so a trapping child dies quickly, colour and rank variables cleared).
func probeProcess(_ arguments: [String], environment extra: [String: String] = [:]) -> Process {
    let directory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    let process = Process()
    process.executableURL = directory.appendingPathComponent("runlog-probe")
    process.arguments = arguments
    var environment = ProcessInfo.processInfo.environment
    environment["SWIFT_BACKTRACE"] = "enable=no"
    for key in ["NO_COLOR", "FORCE_COLOR", "RANK", "LOCAL_RANK", "WORLD_SIZE"] { environment[key] = nil }
    environment.merge(extra) { _, new in new }
    process.environment = environment
    return process
}

/// Runs `runlog-probe` to the end, collecting standard output and standard error.
func runProbe(_ arguments: [String], environment extra: [String: String] = [:]) throws -> ChildResult {
    let process = probeProcess(arguments, environment: extra)
    let output = Pipe()
    let error = Pipe()
    process.standardOutput = output
    process.standardError = error
    process.standardInput = FileHandle.nullDevice
    try process.run()
    // Read standard error on another thread so neither pipe can fill up and block the child.
    let errorData = Mutex<Data>(Data())
    let done = DispatchSemaphore(value: 0)
    Thread {
        let data = error.fileHandleForReading.readDataToEndOfFile()
        errorData.withLock { $0 = data }
        done.signal()
    }.start()
    let outData = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    done.wait()
    return ChildResult(
        status: process.terminationStatus,
        signaled: process.terminationReason == .uncaughtSignal,
        standardOutput: Array(outData),
        standardError: String(decoding: errorData.withLock { $0 }, as: UTF8.self)
    )
}
