public import Foundation
import Synchronization

/// How a child process ended and what it printed.
public struct ChildResult: Sendable {
    /// The exit status, or the signal number when ``signaled``.
    public let status: Int32
    /// Whether a signal ended the child.
    public let signaled: Bool
    /// Everything the child wrote to standard output, byte for byte.
    public let standardOutput: [UInt8]
    /// What the child wrote to standard error.
    public let standardError: String

    /// Creates a result (tests that run other executables build their own).
    public init(status: Int32, signaled: Bool, standardOutput: [UInt8], standardError: String) {
        self.status = status
        self.signaled = signaled
        self.standardOutput = standardOutput
        self.standardError = standardError
    }

    /// Standard output as text (invalid UTF-8 becomes U+FFFD).
    public var outputText: String { String(decoding: standardOutput, as: UTF8.self) }
}

/// The directory that holds the package's built executables (`runlog-probe`, `rankrun`, ...): the test
/// bundle's own.
public var builtExecutablesDirectory: URL {
    URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
}

/// A `Process` for the `runlog-probe` fixture with the test environment plus `extra`: the Swift backtracer
/// off (a trapping child dies at once instead of printing a backtrace for seconds), colour and rank
/// variables cleared so every test starts from the same console rules.
/// - Parameters:
///   - arguments: the probe's mode and its arguments (see Sources/runlog-probe).
///   - extra: environment variables to set on top.
public func probeProcess(_ arguments: [String], environment extra: [String: String] = [:]) -> Process {
    let process = Process()
    process.executableURL = builtExecutablesDirectory.appendingPathComponent("runlog-probe")
    process.arguments = arguments
    var environment = ProcessInfo.processInfo.environment
    environment["SWIFT_BACKTRACE"] = "enable=no"
    for key in ["NO_COLOR", "FORCE_COLOR", "RANK", "LOCAL_RANK", "WORLD_SIZE"] { environment[key] = nil }
    environment.merge(extra) { _, new in new }
    process.environment = environment
    return process
}

/// Runs `runlog-probe` to the end, collecting standard output and standard error.
/// - Parameters:
///   - arguments: the probe's mode and its arguments.
///   - extra: environment variables to set on top of ``probeProcess(_:environment:)``'s.
public func runProbe(_ arguments: [String], environment extra: [String: String] = [:]) throws -> ChildResult {
    let process = probeProcess(arguments, environment: extra)
    let output = Pipe()
    let error = Pipe()
    process.standardOutput = output
    process.standardError = error
    process.standardInput = FileHandle.nullDevice
    try process.run()
    // Standard error is read on another thread so that neither pipe can fill up and block the child.
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
