import Foundation
import Runlog
import RunlogTestSupport
import Testing

@Suite struct FileSinkTests {
    func logger(_ path: String, append: Bool = false, colored: Bool = false) throws -> RunlogLogger {
        let sink = try FileSink(path: path, append: append, format: .text(colored: colored))
        return RunlogLogger(level: .info, tag: "t", sinks: [sink], rank: RankContext())
    }

    @Test func fileSinkCreatesParentDirectories() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let path = directory.file("logs/trainer/rank_0.log")
        try logger(path).info("hello")
        #expect(readLines(path).count == 1)
    }

    @Test func fileSinkDeletesExistingFileFirst() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let path = directory.file("rl.log")
        try "old run\n".write(toFile: path, atomically: false, encoding: .utf8)
        try logger(path).info("new run")
        let lines = readLines(path)
        #expect(lines.count == 1)
        #expect(isPlainRecordLine(lines[0], level: "INFO", tag: "t", message: "new run"))
    }

    @Test func fileSinkWritesIntoAFIFOWithoutReplacingIt() throws {
        // A device or pipe at the log path (`/dev/null`, a FIFO a collector reads) must be written to, never
        // deleted and replaced by a regular file.
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let path = directory.file("collector.fifo")
        #expect(mkfifo(path, 0o644) == 0)
        let reader = open(path, O_RDONLY | O_NONBLOCK)
        #expect(reader >= 0)
        defer { close(reader) }
        try logger(path).info("through the pipe")
        var info = stat()
        #expect(lstat(path, &info) == 0)
        #expect((info.st_mode & S_IFMT) == S_IFIFO)
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = read(reader, &buffer, buffer.count)
        #expect(count > 0)
        let text = String(decoding: buffer.prefix(max(count, 0)), as: UTF8.self)
        #expect(text.hasSuffix("through the pipe\n"))
    }

    @Test func fileSinkAppendKeepsExistingContent() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let path = directory.file("env_workers/math.log")
        try logger(path, append: true).info("worker 0")
        try logger(path, append: true).info("worker 1")
        let lines = readLines(path)
        #expect(lines.count == 2)
        #expect(lines[0].hasSuffix("worker 0") && lines[1].hasSuffix("worker 1"))
    }

    @Test func deleteFirstDoesNotTruncateAFileOtherHardLinksStillName() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let path = directory.file("rl.log")
        let previous = directory.file("previous-run.log")
        try "previous run\n".write(toFile: path, atomically: false, encoding: .utf8)
        #expect(link(path, previous) == 0)
        try logger(path).info("new run")
        #expect(readText(previous) == "previous run\n")
    }

    @Test(arguments: [false, true])
    func symlinkAtLogPathIsRefusedWithAClearError(append: Bool) throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let target = directory.file("secret.txt")
        try "do not touch\n".write(toFile: target, atomically: false, encoding: .utf8)
        let path = directory.file("rl.log")
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
        #expect {
            _ = try FileSink(path: path, append: append)
        } throws: { error in
            let runlog = error as? RunlogError
            return runlog?.kind == .symlinkAtLogPath && runlog?.description.contains("symbolic link") == true
                && runlog?.description.contains("remove the link") == true
        }
        #expect(readText(target) == "do not touch\n")
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect(attributes[.type] as? FileAttributeType == .typeSymbolicLink)
    }

    @Test func danglingSymlinkAtLogPathIsRefused() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let path = directory.file("rl.log")
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: directory.file("missing"))
        #expect(throws: RunlogError.self) { _ = try FileSink(path: path, append: true) }
        #expect(!FileManager.default.fileExists(atPath: directory.file("missing")))
    }

    @Test func logFileIsCreatedWithMode0644() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let path = directory.file("rl.log")
        let previous = umask(0o077)
        defer { umask(previous) }
        try logger(path).info("x")
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o644)
    }

    @Test func directoryAtLogPathIsAClearError() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        #expect {
            _ = try FileSink(path: directory.path)
        } throws: { error in
            (error as? RunlogError)?.description.contains("is a directory") == true
        }
    }

    @Test func emptyLogPathIsAClearError() {
        #expect(throws: RunlogError.self) { _ = try FileSink(path: "") }
    }

    @Test func fileIsColouredByDefaultAndPlainOnRequest() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let coloured = directory.file("coloured.log")
        let sink = try FileSink(path: coloured)
        RunlogLogger(level: .info, sinks: [sink], rank: RankContext()).error("boom")
        #expect(readText(coloured).contains("\u{1B}[31m\u{1B}[1m  ERROR boom\u{1B}[0m"))
        let plain = directory.file("plain.log")
        try logger(plain, colored: false).error("boom")
        #expect(!readText(plain).contains("\u{1B}"))
    }

    @Test func setupLoggerWritesFileWithPlainOptionAndDebugLocation() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let path = directory.file("x.log")
        let sink = try FileSink(path: path, format: .text(colored: false), layout: TextLayout(showsLocation: true))
        let logger = RunlogLogger(level: .debug, sinks: [sink], rank: RankContext())
        logger.debug("where")
        let line = readLines(path).first ?? ""
        #expect(line.hasSuffix("  DEBUG where [RunlogTests/FileSinkTests.swift::\(#line - 2)]"))
    }
}
