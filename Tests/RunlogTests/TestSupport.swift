import Foundation
import Runlog
import Synchronization

/// A sink that keeps every record in memory, for assertions.
final class CaptureSink: LogSink {
    private let storage = Mutex<[LogRecord]>([])

    var records: [LogRecord] { storage.withLock { $0 } }

    func write(_ record: LogRecord) { storage.withLock { $0.append(record) } }

    func flush() {}
}

/// A fresh directory under the system temporary directory, removed by `cleanUp()`.
struct TemporaryDirectory {
    let path: String

    init(_ name: String = #function) {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        path = NSTemporaryDirectory() + "runlog-tests-\(getpid())-\(safe)-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ relative: String) -> String { path + "/" + relative }

    func cleanUp() { try? FileManager.default.removeItem(atPath: path) }
}

/// Reads a file as UTF-8 text ("" when missing).
func readText(_ path: String) -> String {
    (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
}

/// The lines of a file without the final empty piece.
func readLines(_ path: String) -> [Substring] {
    readText(path).split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { $0 }
}

/// Options that write only to files (tests must not flood the test runner's stdout).
func fileOnlyOptions(color: Bool = false) -> LoggerOptions {
    LoggerOptions(console: false, fileColor: color)
}

/// How a child process ended.
struct ChildResult {
    let status: Int32
    let signaled: Bool
    let standardOutput: String
    let standardError: String
}

/// Runs the test fixture `runlog-probe` (built beside the test bundle) and waits for it.
func runProbe(_ arguments: [String], environment extra: [String: String] = [:]) throws -> ChildResult {
    let process = try probeProcess(arguments, environment: extra)
    let output = Pipe()
    let error = Pipe()
    process.standardOutput = output
    process.standardError = error
    try process.run()
    let outData = output.fileHandleForReading.readDataToEndOfFile()
    let errData = error.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ChildResult(
        status: process.terminationStatus,
        signaled: process.terminationReason == .uncaughtSignal,
        standardOutput: String(decoding: outData, as: UTF8.self),
        standardError: String(decoding: errData, as: UTF8.self)
    )
}

/// A `Process` for `runlog-probe` with the test environment plus `extra` (the Swift backtracer is turned off
/// so a trapping child dies quickly).
func probeProcess(_ arguments: [String], environment extra: [String: String] = [:]) throws -> Process {
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

/// Matches a plain text record line `HH:mm:ss  LEVEL [tag] message`.
func isPlainRecordLine(_ line: Substring, level: String, tag: String, message: String) -> Bool {
    let bytes = Array(line.utf8)
    guard bytes.count > 9 else { return false }
    for index in [0, 1, 3, 4, 6, 7] where !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
        return false
    }
    guard bytes[2] == UInt8(ascii: ":"), bytes[5] == UInt8(ascii: ":") else { return false }
    let padded = String(repeating: " ", count: max(0, 7 - level.count)) + level
    return line.dropFirst(8) == " \(padded) [\(tag)] \(message)"
}
