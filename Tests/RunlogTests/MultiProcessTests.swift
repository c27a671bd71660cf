import Foundation
import Runlog
import RunlogTestSupport
import Testing

@Suite(.serialized) struct MultiProcessTests {
    /// Four real child processes append to one file at once, each record one `write(2)` on `O_APPEND`;
    /// lines of 60 bytes to 1 KB, different in every process, make any tearing or interleaving visible as a
    /// malformed line.
    @Test func fourChildProcessesAppendingToOneFileLoseAndTearNothing() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let path = directory.file("env_workers/math.log")
        let children = 4
        let lines = 15_000
        let processes = (0..<children).map { id in
            let process = probeProcess(["append", path, "\(id)", "\(lines)"])
            process.standardError = FileHandle.standardError
            return process
        }
        for process in processes { try process.run() }
        for process in processes { process.waitUntilExit() }
        #expect(processes.allSatisfy { $0.terminationStatus == 0 && $0.terminationReason == .exit })
        let report = LineChecker(writers: children, linesPerWriter: lines, tagPrefix: "p", messageWord: "probe")
            .check(path: path)
        #expect(report.lines == children * lines)
        #expect(report.malformed.isEmpty, "\(report.malformed)")
        #expect(report.duplicates == 0)
        #expect(report.missing == 0)
    }
}
