import Foundation
import RunlogTestSupport
import Testing

/// Buffered mode, and a Swift runtime trap (index out of range) on a thread other than the main thread while
/// the main thread keeps logging: the trapping thread's lines, a gap-free prefix of the main thread's lines and
/// one final line naming the signal must be in the file, with and without the Swift runtime's backtracer
/// (which a real program has on, and which Runlog's handler must hand the signal on to).
@Suite(.serialized) struct TrapOnAnotherThreadTests {
    static let workerLines = 3000

    func expectRecorded(backtracer: Bool) throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let path = directory.file("trap.log")
        let environment = backtracer ? ["SWIFT_BACKTRACE": "enable=yes,interactive=no,symbolicate=off"] : [:]
        let result = try runProbe(["trap-thread", path, "\(Self.workerLines)"], environment: environment)
        #expect(result.signaled && [SIGILL, SIGTRAP].contains(result.status), "status \(result.status)")
        #expect(result.standardError.contains("Index out of range"))
        if backtracer { #expect(result.standardError.contains("Program crashed")) }

        var worker: [Int] = []
        var main: [Int] = []
        var signalLines: [Substring] = []
        var malformed: [Substring] = []
        for line in readLines(path) {
            guard let record = PlainRecordLine(line), record.tag == "thread" else {
                malformed.append(line)
                continue
            }
            let words = record.message.split(separator: " ")
            if record.level == "CRITICAL" {
                signalLines.append(record.message)
            } else if record.level == "INFO", words.count == 3, words[1] == "line", let index = Int(words[2]) {
                if words[0] == "worker" { worker.append(index) } else if words[0] == "main" { main.append(index) }
            } else {
                malformed.append(line)
            }
        }
        #expect(malformed.isEmpty, "\(malformed.prefix(3))")
        #expect(worker == Array(0..<Self.workerLines), "the trapping thread has \(worker.count) lines")
        #expect(main == Array(0..<main.count), "the main thread's lines have a gap")
        let signalName = result.status == SIGILL ? "SIGILL" : "SIGTRAP"
        #expect(signalLines.count == 1)
        #expect(signalLines.first?.hasPrefix("fatal signal \(signalName) (") == true, "\(signalLines)")
        #expect(readLines(path).last.flatMap { PlainRecordLine($0) }?.level == "CRITICAL")
    }

    @Test func trapOnAWorkerThreadLeavesItsLinesTheMainThreadsLinesAndTheSignalLine() throws {
        try expectRecorded(backtracer: false)
    }

    @Test func trapOnAWorkerThreadIsRecordedWithTheSwiftBacktracerOn() throws {
        try expectRecorded(backtracer: true)
    }

    /// Two threads crash at the same moment: the first handler writes the buffered lines and one final line,
    /// the second waits for it to end the process instead of writing them again. (Whether the second thread
    /// faults before the process is gone depends on scheduling; when it does, a second dump would repeat every
    /// line and add a second signal line.)
    @Test func twoThreadsCrashingAtOnceLeaveEachLineOnceAndOneSignalLine() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let path = directory.file("two.log")
        let lines = 3000
        let result = try runProbe(["crash-two-threads", path, "\(lines)"])
        #expect(result.signaled && result.status == SIGSEGV, "status \(result.status) \(result.standardError)")
        let records = readLines(path).map { PlainRecordLine($0) }
        #expect(records.allSatisfy { $0?.tag == "two" }, "every line is a well-formed record")
        let messages = records.compactMap { $0?.level == "INFO" ? String($0!.message) : nil }
        #expect(messages.filter { $0.hasPrefix("first ") } == (0..<lines).map { "first line \($0)" })
        #expect(messages.filter { $0.hasPrefix("second ") } == (0..<lines).map { "second line \($0)" })
        let signalLines = records.compactMap { $0?.level == "CRITICAL" ? $0?.message : nil }
        #expect(signalLines == ["fatal signal SIGSEGV (invalid memory access): the process is terminating"])
        #expect(records.last??.level == "CRITICAL")
    }
}
