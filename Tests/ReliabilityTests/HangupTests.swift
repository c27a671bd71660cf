import Foundation
import RunlogTestSupport
import Testing

/// A buffered logger in a process whose terminal goes away (SIGHUP, as when an ssh session drops): the lines
/// still in the buffer must reach the file, and the process must still die of SIGHUP.
@Suite(.serialized) struct HangupTests {
    @Test func bufferedModeLosesNothingOnSIGHUPAndStillDiesOfIt() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let path = directory.file("hup.log")
        let process = probeProcess(["buffered-wait", path, "3000"])
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        // The probe prints "ready" right after logging, long before the 100 ms writer tick.
        #expect(String(decoding: output.fileHandleForReading.availableData, as: UTF8.self) == "ready\n")
        kill(process.processIdentifier, SIGHUP)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGHUP)
        let lines = readLines(path)
        #expect(lines.count == 3000)
        let expected = (0..<3000).map { "buffered line \($0)" }
        let messages = lines.compactMap { PlainRecordLine($0) }.filter { $0.tag == "wait" }.map { String($0.message) }
        #expect(messages == expected, "\(messages.count) of 3000 lines, in order")
    }
}
