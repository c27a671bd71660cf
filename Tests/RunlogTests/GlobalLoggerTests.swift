import Foundation
import Runlog
import RunlogTestSupport
import Testing

/// The only suite that touches the process-wide logger; serialized so its tests never overlap.
@Suite(.serialized) struct GlobalLoggerTests {
    @Test func getLoggerBeforeSetupThrowsAndNamesTheFix() {
        resetLogger()
        #expect {
            _ = try getLogger()
        } throws: { error in
            let runlog = error as? RunlogError
            return runlog?.kind == .notSetUp && runlog?.description.contains("call setupLogger") == true
        }
    }

    @Test func secondSetupThrowsAndNamesTheFix() throws {
        resetLogger()
        defer { resetLogger() }
        try setupLogger(level: .info, options: fileOnlyOptions())
        #expect {
            try setupLogger(level: .debug, options: fileOnlyOptions())
        } throws: { error in
            let runlog = error as? RunlogError
            return runlog?.kind == .alreadySetUp && runlog?.description.contains("once at the entry point") == true
        }
    }

    @Test func getLoggerReturnsTheLoggerSetUpOnce() throws {
        resetLogger()
        defer { resetLogger() }
        let capture = CaptureSink()
        var options = fileOnlyOptions()
        options.additionalSinks = [capture]
        let logger = try setupLogger(level: .warning, tag: "main", options: options)
        let fetched = try getLogger()
        #expect(fetched === logger)
        #expect(fetched.level == .warning)
        fetched.warning("from anywhere")
        #expect(capture.records.map(\.message) == ["from anywhere"])
        #expect(capture.records.first?.tag == "main")
    }

    @Test func resetLoggerFlushesAndAllowsANewSetup() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        resetLogger()
        defer { resetLogger() }
        var options = fileOnlyOptions()
        options.fileMode = .buffered
        let first = try setupLogger(logFile: directory.file("a.log"), options: options)
        first.info("kept across reset")
        resetLogger()
        #expect(readText(directory.file("a.log")).contains("kept across reset"))
        #expect(throws: RunlogError.self) { try getLogger() }
        let second = try setupLogger(logFile: directory.file("b.log"), options: fileOnlyOptions())
        #expect(try getLogger() === second)
    }

    @Test func concurrentSetupsLetExactlyOneWin() async throws {
        resetLogger()
        defer { resetLogger() }
        let results = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 {
                group.addTask { (try? setupLogger(options: fileOnlyOptions())) != nil }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.filter { $0 }.count == 1)
    }

    @Test func setupWithUnopenableFileThrowsWithoutInstallingALogger() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        resetLogger()
        #expect(throws: RunlogError.self) {
            try setupLogger(logFile: directory.path, options: fileOnlyOptions())
        }
        #expect(throws: RunlogError.self) { try getLogger() }
    }
}
