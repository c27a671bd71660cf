import Foundation
import RunlogTestSupport
import Synchronization
import Testing

/// A real writer against a tmpfs of 256 KiB that a ballast file has almost filled: the log file hits ENOSPC
/// part-way through phase 1; the test then deletes the ballast and the writer logs phase 2.
@Suite(
    .serialized,
    .enabled(
        if: SizeLimitedFilesystem.isPermitted,
        "mounting a size-limited tmpfs needs root or CAP_SYS_ADMIN; run the suite as root to test disk full"
    )
)
struct DiskFullTests {
    static let linesPerPhase = 2000

    struct Outcome {
        let result: ChildResult
        let logPath: String
        let fileLines: [Substring]
        let consoleLines: [Substring]
    }

    /// Runs the `disk-full` probe with `mode` (durable or buffered) and returns what it left behind.
    func runUntilDiskFullThenFreeSpace(mode: String) throws -> Outcome {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let filesystem = try SizeLimitedFilesystem(at: directory.file("mnt"), bytes: 256 * 1024)
        defer { filesystem.unmount() }
        // Leave about 24 KiB: phase 1 (about 130 KB of lines) fills it; phase 2 fits once the ballast is gone.
        let ballast = filesystem.path + "/ballast"
        let ballastSize = max(0, filesystem.freeBytes - 24 * 1024)
        #expect(FileManager.default.createFile(atPath: ballast, contents: Data(count: ballastSize)))
        let logPath = filesystem.path + "/logs/disk.log"

        let process = probeProcess(["disk-full", logPath, "\(Self.linesPerPhase)", mode])
        let input = Pipe()
        let output = Pipe()
        let error = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let errorText = Mutex<Data>(Data())
        let errorDone = DispatchSemaphore(value: 0)
        Thread {
            let data = error.fileHandleForReading.readDataToEndOfFile()
            errorText.withLock { $0 = data }
            errorDone.signal()
        }.start()

        var console = Data()
        let pausedMarker = Data("paused\n".utf8)
        while console.range(of: pausedMarker) == nil {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            console.append(chunk)
        }
        #expect(console.range(of: pausedMarker) != nil, "the probe ended before pausing")
        try FileManager.default.removeItem(atPath: ballast)
        input.fileHandleForWriting.write(Data("go\n".utf8))
        try input.fileHandleForWriting.close()
        console.append(output.fileHandleForReading.readDataToEndOfFile())
        process.waitUntilExit()
        errorDone.wait()

        let result = ChildResult(
            status: process.terminationStatus,
            signaled: process.terminationReason == .uncaughtSignal,
            standardOutput: Array(console),
            standardError: String(decoding: errorText.withLock { $0 }, as: UTF8.self)
        )
        let consoleLines = result.outputText.split(separator: "\n").filter { $0 != "paused" }
        return Outcome(result: result, logPath: logPath, fileLines: readLines(logPath), consoleLines: consoleLines)
    }

    /// The phase-1 indices present, the phase-2 indices present, and the lines that are neither.
    func classify(_ lines: [Substring]) -> (phase1: [Int], phase2: [Int], other: [Substring]) {
        var phase1: [Int] = []
        var phase2: [Int] = []
        var other: [Substring] = []
        for line in lines {
            guard let record = PlainRecordLine(line), record.level == "INFO", record.tag == "disk" else {
                other.append(line)
                continue
            }
            let words = record.message.split(separator: " ")
            guard words.count >= 4, words[0] == "phase", words[2] == "line", let index = Int(words[3]),
                words.count == 4 || (words.count == 5 && words[4].allSatisfy { $0 == "x" }),
                (words.count == 4) == (index * 7 % 63 == 0),
                words.count == 4 || words[4].count == index * 7 % 63
            else {
                other.append(line)
                continue
            }
            if words[1] == "1" {
                phase1.append(index)
            } else if words[1] == "2" {
                phase2.append(index)
            } else {
                other.append(line)
            }
        }
        return (phase1, phase2, other)
    }

    func expectSurvivesDiskFull(mode: String) throws {
        let outcome = try runUntilDiskFullThenFreeSpace(mode: mode)
        let result = outcome.result
        let all = Array(0..<Self.linesPerPhase)
        // It did not crash.
        #expect(result.status == 0 && !result.signaled, "status \(result.status): \(result.standardError)")
        // The console kept every record.
        let console = classify(outcome.consoleLines)
        #expect(console.phase1 == all, "the console has \(console.phase1.count) of the phase 1 lines")
        #expect(console.phase2 == all, "the console has \(console.phase2.count) of the phase 2 lines")
        #expect(console.other.isEmpty, "\(console.other.prefix(3))")
        // The failure was reported once, naming the file and the cause.
        let reports = result.standardError.components(separatedBy: "runlog: cannot write to").count - 1
        #expect(reports == 1, "stderr: \(result.standardError)")
        #expect(result.standardError.contains(outcome.logPath))
        #expect(result.standardError.contains("No space left on device"))
        // The file: every line a whole record; phase 1 up to the point the disk filled, in order; then all of
        // phase 2 after space returned, plus one notice saying how many records are missing.
        let file = classify(outcome.fileLines)
        #expect(!file.phase1.isEmpty && file.phase1.count < Self.linesPerPhase, "\(file.phase1.count) lines")
        #expect(file.phase1 == Array(0..<file.phase1.count), "phase 1 lines in the file are not 0, 1, 2, ...")
        #expect(file.phase2 == all, "the file has \(file.phase2.count) of the phase 2 lines")
        #expect(file.other.count == 1, "lines that are not whole records: \(file.other.prefix(3))")
        let notice = file.other.first.flatMap { PlainRecordLine($0) }
        #expect(notice?.level == "WARNING", "\(file.other.prefix(1))")
        #expect(notice?.tag == "runlog")
        let missing = Self.linesPerPhase - file.phase1.count
        #expect(
            notice?.message == "\(missing) log lines are missing here: writing them failed (No space left on device)"
        )
        #expect(result.standardError.contains("writing to \(outcome.logPath) again"))
    }

    @Test func durableWriterSurvivesDiskFullReportsOnceKeepsTheConsoleAndResumesTheFile() throws {
        try expectSurvivesDiskFull(mode: "durable")
    }

    @Test func bufferedWriterSurvivesDiskFullReportsOnceKeepsTheConsoleAndResumesTheFile() throws {
        try expectSurvivesDiskFull(mode: "buffered")
    }
}
