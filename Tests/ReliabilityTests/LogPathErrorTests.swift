import Foundation
import RunlogTestSupport
import Testing

/// `setupLogger(logFile:)` in a real process, against log paths that cannot work: each must fail at once
/// with one error that names the offending path and the fix (the probe prints it and exits 2).
@Suite(.serialized) struct LogPathErrorTests {
    func expectOpenFails(_ path: String, asNobody: Bool = false, mentioning parts: [String]) throws {
        let result = try runProbe(["open", path] + (asNobody ? ["nobody"] : []))
        #expect(result.status == 2 && !result.signaled, "status \(result.status): \(result.standardError)")
        let message = result.standardError.trimmingCharacters(in: .newlines)
        #expect(!message.contains("\n"), "one line: \(message)")
        for part in parts { #expect(message.contains(part), "\(message)") }
    }

    @Test func logPathWhoseParentIsAFileNamesThatFile() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let blocker = directory.file("outputs")
        #expect(FileManager.default.createFile(atPath: blocker, contents: Data("x".utf8)))
        try expectOpenFails(
            blocker + "/rl.log",
            mentioning: ["'\(blocker)' is a file, not a directory", "remove or rename that file"]
        )
    }

    @Test func logPathBelowAFileDeeperDownNamesThatFile() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let blocker = directory.file("outputs")
        #expect(FileManager.default.createFile(atPath: blocker, contents: Data("x".utf8)))
        try expectOpenFails(
            blocker + "/logs/trainer/rank_0.log",
            mentioning: ["'\(blocker)' is a file, not a directory", "choose another log path"]
        )
    }

    @Test func directoryThatIsNotWritableNamesTheDirectoryAndTheFix() throws {
        // Root may write anywhere, so the probe drops to uid 65534 (nobody) before setting up its logger.
        try #require(getuid() == 0, "needs root to run the probe as another user")
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let locked = directory.file("locked")
        try FileManager.default.createDirectory(atPath: locked, withIntermediateDirectories: true)
        chmod(directory.path, 0o755)
        chmod(locked, 0o555)
        try expectOpenFails(
            locked + "/rl.log",
            asNobody: true,
            mentioning: ["'\(locked)' is not writable by this user (uid 65534)", "Permission denied"]
        )
        try expectOpenFails(
            locked + "/logs/rl.log",
            asNobody: true,
            mentioning: ["'\(locked)' is not writable by this user", "create the directory '\(locked)/logs'"]
        )
    }

    @Test(
        .enabled(if: SizeLimitedFilesystem.isPermitted, "mounting a read-only tmpfs needs root or CAP_SYS_ADMIN")
    )
    func readOnlyFileSystemSaysSoAndNamesTheFix() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let filesystem = try SizeLimitedFilesystem(at: directory.file("ro"), bytes: 64 * 1024, readOnly: true)
        defer { filesystem.unmount() }
        try expectOpenFails(
            filesystem.path + "/rl.log",
            mentioning: ["Read-only file system", "'\(filesystem.path)' is on a read-only file system", "remount"]
        )
    }

    @Test func logPathThatIsADirectorySaysSo() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        try expectOpenFails(directory.path, mentioning: ["'\(directory.path)': it is a directory"])
    }
}
