import Foundation
import Runlog
import RunlogTestSupport
import Testing

@Suite(.serialized) struct BufferedModeTests {
    func bufferedLines(_ path: String) -> [Substring] { readLines(path) }

    func expectAllBufferedLines(_ path: String, count: Int, tag: String) {
        let lines = readLines(path)
        #expect(lines.count >= count)
        for index in 0..<min(count, lines.count)
        where !isPlainRecordLine(
            lines[index],
            level: "INFO",
            tag: tag,
            message: "buffered line \(index)"
        ) {
            Issue.record("line \(index) is \(lines[index])")
            return
        }
    }

    @Test func flushWritesBufferedRecordsImmediately() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let path = directory.file("b.log")
        let sink = try FileSink(path: path, format: .text(colored: false), mode: .buffered)
        let logger = RunlogLogger(level: .info, sinks: [sink], rank: RankContext())
        logger.info("one")
        logger.info("two")
        logger.flush()
        #expect(readLines(path).map { $0.hasSuffix("INFO one") || $0.hasSuffix("INFO two") } == [true, true])
    }

    @Test func backgroundWriterFlushesWithinAHundredMilliseconds() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let path = directory.file("b.log")
        let sink = try FileSink(path: path, format: .text(colored: false), mode: .buffered)
        let logger = RunlogLogger(level: .info, sinks: [sink], rank: RankContext())
        logger.info("eventually")
        let deadline = Date().addingTimeInterval(2)
        while readLines(path).isEmpty && Date() < deadline { usleep(10_000) }
        #expect(readLines(path).count == 1)
    }

    @Test func recordLargerThanTheBufferIsWrittenInOrder() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let path = directory.file("b.log")
        let sink = try FileSink(path: path, format: .text(colored: false), mode: .buffered(capacity: 4096))
        let logger = RunlogLogger(level: .info, sinks: [sink], rank: RankContext())
        logger.info("before")
        logger.info(String(repeating: "y", count: 10_000))
        logger.info("after")
        logger.flush()
        let lines = readLines(path)
        #expect(lines.count == 3)
        #expect(lines.first?.hasSuffix("before") == true && lines.last?.hasSuffix("after") == true)
        #expect(lines[1].hasSuffix(String(repeating: "y", count: 10_000)))
    }

    @Test func tooSmallBufferIsAClearError() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        #expect {
            _ = try FileSink(path: directory.file("b.log"), mode: .buffered(capacity: 10))
        } throws: { error in
            (error as? RunlogError)?.description.contains("at least 4096") == true
        }
    }

    @Test func bufferedModeLosesNothingOnNormalExit() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let path = directory.file("exit.log")
        let result = try runProbe(["buffered-exit", path, "5000"])
        #expect(result.status == 0 && !result.signaled, "\(result.standardError)")
        #expect(readLines(path).count == 5000)
        expectAllBufferedLines(path, count: 5000, tag: "exit")
    }

    @Test func bufferedModeLosesNothingOnSIGTERMAndStillDiesOfIt() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let path = directory.file("term.log")
        // The child sends SIGTERM to itself right after logging, long before the 100 ms writer tick.
        let result = try runProbe(["buffered-sigterm", path, "2000"])
        #expect(result.signaled && result.status == SIGTERM, "status \(result.status): \(result.standardError)")
        #expect(readLines(path).count == 2000)
        expectAllBufferedLines(path, count: 2000, tag: "term")
    }

    @Test func bufferedModeLosesNothingWhenAnotherProcessSendsSIGTERM() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let path = directory.file("wait.log")
        let process = probeProcess(["buffered-wait", path, "3000"])
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let ready = output.fileHandleForReading.availableData
        #expect(String(decoding: ready, as: UTF8.self) == "ready\n")
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGTERM)
        #expect(readLines(path).count == 3000)
        expectAllBufferedLines(path, count: 3000, tag: "wait")
    }

    @Test func bufferedModeLosesNothingOnSIGINT() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let path = directory.file("int.log")
        let process = probeProcess(["buffered-wait", path, "1000"])
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        _ = output.fileHandleForReading.availableData
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGINT)
        #expect(readLines(path).count == 1000)
    }
}
