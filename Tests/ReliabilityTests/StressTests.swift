import Foundation
import Runlog
import RunlogTestSupport
import Testing

/// Many writers on one file, each record one `write(2)` on `O_APPEND`: line counts must be exact, every line
/// must be exactly the format, and each writer's lines must be in the order it logged them.
///
/// Full size (8 threads x 1M lines, 8 processes x 200k lines) with `RUNLOG_STRESS=1` (CI sets it); otherwise
/// a tenth of that, so a plain `swift test` stays quick on a small machine.
@Suite(.serialized) struct StressTests {
    static let fullSize = ProcessInfo.processInfo.environment["RUNLOG_STRESS"] == "1"
    static let threadLines = fullSize ? 1_000_000 : 100_000
    static let processLines = fullSize ? 200_000 : 20_000

    func expectExact(_ report: StressFileChecker.Report, writers: Int, lines: Int) {
        #expect(report.lines == writers * lines)
        #expect(report.malformedCount == 0, "\(report.malformedCount) malformed, e.g. \(report.malformed)")
        #expect(report.duplicates == 0)
        #expect(report.missing == 0)
        #expect(report.ordered, "a writer's lines are out of order")
    }

    @Test func eightThreadsLoggingToOneFileLoseTearAndReorderNothing() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let path = directory.file("threads.log")
        let threads = 8
        let lines = Self.threadLines
        let sink = try FileSink(path: path, format: .text(colored: false))
        let loggers = (0..<threads).map { index in
            RunlogLogger(level: .info, tag: "t\(index)", sinks: [sink], rank: RankContext())
        }
        let group = DispatchGroup()
        for thread in 0..<threads {
            // Real threads, not a pool of two: all eight contend for the file at once.
            group.enter()
            Thread {
                let logger = loggers[thread]
                for index in 0..<lines { logger.info("thread \(thread) line \(index)") }
                group.leave()
            }.start()
        }
        group.wait()
        sink.flush()
        let report = StressFileChecker(writers: threads, linesPerWriter: lines, tagPrefix: "t", word: "thread")
            .check(readBytes(path))
        expectExact(report, writers: threads, lines: lines)
        #expect(sink.failedWrites == 0)
    }

    @Test func eightProcessesAppendingToOneFileLoseTearAndReorderNothing() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let path = directory.file("logs/env_workers/math.log")
        let children = 8
        let lines = Self.processLines
        let processes = (0..<children).map { id in
            let process = probeProcess(["stress", path, "\(id)", "\(lines)"])
            process.standardError = FileHandle.standardError
            return process
        }
        for process in processes { try process.run() }
        for process in processes { process.waitUntilExit() }
        #expect(processes.allSatisfy { $0.terminationStatus == 0 && $0.terminationReason == .exit })
        let report = StressFileChecker(writers: children, linesPerWriter: lines, tagPrefix: "s", word: "probe")
            .check(readBytes(path))
        expectExact(report, writers: children, lines: lines)
    }
}
