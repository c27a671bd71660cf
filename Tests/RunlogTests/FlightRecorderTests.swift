import Foundation
import Runlog
import RunlogTestSupport
import Testing

@Suite(.serialized) struct FlightRecorderTests {
    /// A child logs into a buffered sink, then traps on an out-of-range index (a Swift runtime error, SIGILL
    /// or SIGTRAP on Linux). Its buffered lines and a final line naming the signal must be in the file, and it
    /// must still die of that signal.
    @Test func swiftTrapInAChildLeavesBufferedLinesAndTheSignalLine() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let path = directory.file("trap.log")
        let result = try runProbe(["trap", path, "1500"])
        #expect(result.signaled && [SIGILL, SIGTRAP].contains(result.status), "status \(result.status)")
        #expect(result.standardError.contains("Index out of range"))
        let lines = readLines(path)
        #expect(lines.count == 1501)
        for index in 0..<min(1500, lines.count)
        where !isPlainRecordLine(
            lines[index],
            level: "INFO",
            tag: "trap",
            message: "buffered line \(index)"
        ) {
            Issue.record("line \(index) is \(lines[index])")
            break
        }
        let signalName = result.status == SIGILL ? "SIGILL" : "SIGTRAP"
        let last = lines.last ?? ""
        #expect(last.contains("CRITICAL [trap] fatal signal \(signalName) ("), "\(last)")
        #expect(last.hasSuffix("the process is terminating"))
        #expect(isPlainRecordLine(last, level: "CRITICAL", tag: "trap", message: String(last.dropFirst(25))))
    }

    /// The same trap also leaves a parsable JSON final line whose timestamp the signal handler wrote.
    @Test func swiftTrapLeavesAParsableJSONSignalLine() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let path = directory.file("trap.log")
        let started = Date()
        let result = try runProbe(["trap", path, "10"])
        #expect(result.signaled)
        let lines = readLines(path + ".jsonl")
        #expect(lines.count == 11)
        let last = try #require(lines.last)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
        #expect(object["level"] as? String == "CRITICAL")
        #expect((object["message"] as? String)?.hasPrefix("fatal signal SIG") == true)
        #expect(object["tag"] as? String == "trap")
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let stamp = try #require(formatter.date(from: object["ts"] as? String ?? ""))
        #expect(abs(stamp.timeIntervalSince(started)) < 30)
    }

    @Test func abortInADurableChildLeavesTheSignalLine() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let path = directory.file("fatal.log")
        let result = try runProbe(["fatal", path])
        #expect(result.signaled && result.status == SIGABRT)
        let lines = readLines(path)
        #expect(lines.count == 2)
        #expect(lines.first?.hasSuffix("INFO [fatal] about to abort") == true)
        #expect(lines.last?.contains("CRITICAL [fatal] fatal signal SIGABRT (abort)") == true)
    }
}
