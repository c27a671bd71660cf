import Foundation
import Runlog
import RunlogTestSupport
import Testing

@Suite(.serialized) struct ConcurrencyTests {
    @Test func eightThreadsTimesOneHundredThousandLinesAreAllPresentAndWellFormed() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let path = directory.file("threads.log")
        let threads = 8
        let lines = 100_000
        let sink = try FileSink(path: path, format: .text(colored: false))
        let base = RunlogLogger(level: .info, sinks: [sink], rank: RankContext())
        let loggers = (0..<threads).map { index in
            RunlogLogger(level: .info, tag: "t\(index)", sinks: [sink], rank: RankContext())
        }
        _ = base
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            let logger = loggers[thread]
            for index in 0..<lines {
                logger.info("thread \(thread) line \(index)")
            }
        }
        sink.flush()
        let report = LineChecker(writers: threads, linesPerWriter: lines, tagPrefix: "t", messageWord: "thread")
            .check(path: path)
        #expect(report.lines == threads * lines)
        #expect(report.malformed.isEmpty, "\(report.malformed)")
        #expect(report.duplicates == 0)
        #expect(report.missing == 0)
        #expect(sink.failedWrites == 0)
    }

    @Test func concurrentThreadsThroughABufferedSinkLoseNothing() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let path = directory.file("buffered.log")
        let threads = 4
        let lines = 20_000
        // A small buffer so logging threads regularly find it full and must wait for the writer.
        let sink = try FileSink(path: path, format: .text(colored: false), mode: .buffered(capacity: 8192))
        let loggers = (0..<threads).map { index in
            RunlogLogger(level: .info, tag: "t\(index)", sinks: [sink], rank: RankContext())
        }
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            for index in 0..<lines {
                loggers[thread].info("thread \(thread) line \(index)")
            }
        }
        sink.flush()
        let report = LineChecker(writers: threads, linesPerWriter: lines, tagPrefix: "t", messageWord: "thread")
            .check(path: path)
        #expect(report.lines == threads * lines)
        #expect(report.malformed.isEmpty, "\(report.malformed)")
        #expect(report.missing == 0 && report.duplicates == 0)
    }
}
