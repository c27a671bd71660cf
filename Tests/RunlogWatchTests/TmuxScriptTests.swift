import Foundation
import Testing

/// scripts/tmux.sh in a real tmux server of its own (TMUX_TMPDIR is a temporary folder, so the user's
/// sessions are never touched), detached, read back with list-panes and capture-pane.
@Suite(.serialized) struct TmuxScriptTests {
    private static let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scripts/tmux.sh").path

    /// A private tmux server and a temporary output folder whose path has spaces and shell metacharacters.
    private final class Sandbox {
        let root: URL
        let session = "runlog-test-\(UUID().uuidString.prefix(8))"
        var socketFolder: URL { root.appendingPathComponent("tmux") }
        var outputDirectory: URL { root.appendingPathComponent("out dir;$(touch PWNED) 'q\"") }
        var logs: URL { outputDirectory.appendingPathComponent("logs") }

        init() throws {
            root = URL(fileURLWithPath: "/tmp").appendingPathComponent("runlog-tmux-\(UUID().uuidString.prefix(8))")
            try FileManager.default.createDirectory(at: socketFolder, withIntermediateDirectories: true)
        }

        deinit {
            _ = try? run("/usr/bin/tmux", ["kill-server"])
            try? FileManager.default.removeItem(at: root)
        }

        var environment: [String: String] {
            var environment = ProcessInfo.processInfo.environment
            environment.removeValue(forKey: "TMUX")
            environment["TMUX_TMPDIR"] = socketFolder.path
            environment["RUNLOG_TMUX_DETACH"] = "1"
            return environment
        }

        /// Runs a program to completion; returns its status and standard output plus error.
        @discardableResult
        func run(_ path: String, _ arguments: [String]) throws -> (Int32, String) {
            let child = try ChildProcess(path, arguments, environment: environment)
            let status = child.wait(timeout: 20)
            return (status, child.output + child.errorOutput)
        }

        func tmux(_ arguments: String...) throws -> String {
            try run("/usr/bin/tmux", arguments).1
        }

        /// Pane id, user title and pane title of each pane in the session.
        func panes() throws -> [(id: String, label: String, title: String)] {
            try tmux("list-panes", "-t", "=\(session)", "-F", "#{pane_id}\t#{@runlog_title}\t#{pane_title}")
                .split(separator: "\n").compactMap { line in
                    let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                    return fields.count == 3 ? (fields[0], fields[1], fields[2]) : nil
                }
        }

        func paneText(_ label: String) throws -> String {
            guard let pane = try panes().first(where: { $0.label == label }) else { return "" }
            return try tmux("capture-pane", "-p", "-J", "-t", pane.id)
        }

        /// Waits until the pane titled `label` shows `needle`.
        func waitForPane(_ label: String, toShow needle: String, timeout: Double = 6) throws -> Bool {
            let start = Date()
            while Date().timeIntervalSince(start) < timeout {
                if try paneText(label).contains(needle) { return true }
                usleep(100_000)
            }
            return false
        }
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux"), "tmux is installed by .ci/run"))
    func threeTitledPanesFollowTheRunsLogsAndASecondCallReusesTheSession() throws {
        let sandbox = try Sandbox()
        let (status, output) = try sandbox.run(
            "/bin/bash",
            [Self.script, "-s", sandbox.session, "-o", sandbox.outputDirectory.path]
        )
        #expect(status == 0, "\(output)")
        #expect(try sandbox.panes().map(\.label) == ["Trainer", "Orchestrator", "Inference"])
        #expect(try sandbox.panes().map(\.title) == ["Trainer", "Orchestrator", "Inference"])
        let firstPane = try #require(try sandbox.panes().first).id
        #expect(try sandbox.tmux("show-options", "-t", firstPane, "pane-border-status").contains("top"))
        #expect(try sandbox.tmux("show-options", "-t", firstPane, "pane-border-format").contains("@runlog_title"))
        let trainerPath = try sandbox.tmux(
            "display-message",
            "-p",
            "-t",
            try sandbox.panes()[0].id,
            "#{pane_current_path}"
        )
        #expect(
            trainerPath.trimmingCharacters(in: .whitespacesAndNewlines)
                == URL(fileURLWithPath: Self.script).deletingLastPathComponent().deletingLastPathComponent().path
        )

        // The run starts after the panes: its files do not exist yet.
        try FileManager.default.createDirectory(
            at: sandbox.outputDirectory.appendingPathComponent("runs/one"),
            withIntermediateDirectories: true
        )
        try FileManager.default.createSymbolicLink(atPath: sandbox.logs.path, withDestinationPath: "runs/one")
        try Data((LogTreeFixture.record("INFO", "orchestrator", "orchestrator line one") + "\n").utf8)
            .write(to: sandbox.logs.appendingPathComponent("orchestrator.stdout"))
        try Data((LogTreeFixture.record("INFO", "inference", "inference line one") + "\n").utf8)
            .write(to: sandbox.logs.appendingPathComponent("inference.stdout"))
        #expect(try sandbox.waitForPane("Orchestrator", toShow: "orchestrator line one"))
        #expect(try sandbox.waitForPane("Inference", toShow: "inference line one"))
        #expect(try !sandbox.paneText("Orchestrator").contains("inference line one"))
        #expect(try !sandbox.paneText("Inference").contains("orchestrator line one"))

        // A new run replaces the `logs` symlink: the panes follow the new files.
        try FileManager.default.createDirectory(
            at: sandbox.outputDirectory.appendingPathComponent("runs/two"),
            withIntermediateDirectories: true
        )
        try Data((LogTreeFixture.record("INFO", "orchestrator", "orchestrator run two") + "\n").utf8)
            .write(to: sandbox.outputDirectory.appendingPathComponent("runs/two/orchestrator.stdout"))
        let newLink = sandbox.outputDirectory.appendingPathComponent("logs.new")
        try FileManager.default.createSymbolicLink(atPath: newLink.path, withDestinationPath: "runs/two")
        #expect(rename(newLink.path, sandbox.logs.path) == 0)
        #expect(try sandbox.waitForPane("Orchestrator", toShow: "orchestrator run two"))

        // A second call does not create a second session or more panes.
        let (again, message) = try sandbox.run(
            "/bin/bash",
            [Self.script, sandbox.session, sandbox.outputDirectory.path]
        )
        #expect(again == 0)
        #expect(message.contains("is ready"))
        #expect(
            try sandbox.tmux("list-sessions", "-F", "#{session_name}").split(separator: "\n") == [
                Substring(sandbox.session)
            ]
        )
        #expect(try sandbox.panes().count == 3)

        // No part of the path was ever run as shell code.
        #expect(!FileManager.default.fileExists(atPath: sandbox.root.appendingPathComponent("PWNED").path))
        #expect(!FileManager.default.fileExists(atPath: FileManager.default.currentDirectoryPath + "/PWNED"))
        // Killing the session ends the panes' followers.
        _ = try sandbox.tmux("kill-session", "-t", "=\(sandbox.session)")
        let start = Date()
        var leftover = "?"
        while Date().timeIntervalSince(start) < 3 {
            leftover = try sandbox.run("/usr/bin/pgrep", ["-f", sandbox.root.lastPathComponent]).1
            if leftover.isEmpty { break }
            usleep(100_000)
        }
        #expect(leftover.isEmpty)
    }

    @Test func helpAndBadArgumentsAreReportedClearly() throws {
        let sandbox = try Sandbox()
        let (status, help) = try sandbox.run("/bin/bash", [Self.script, "-h"])
        #expect(status == 0)
        #expect(help.contains("--session-name"))
        #expect(help.contains("--output-dir"))
        #expect(help.contains("RUNLOG_TMUX_DETACH"))
        let (badStatus, bad) = try sandbox.run("/bin/bash", [Self.script, "--bogus"])
        #expect(badStatus == 2)
        #expect(bad.contains("unknown option '--bogus'"))
        let (nameStatus, name) = try sandbox.run("/bin/bash", [Self.script, "-s", "a.b"])
        #expect(nameStatus == 2)
        #expect(name.contains("without ':' or '.'"))
        let (extraStatus, _) = try sandbox.run("/bin/bash", [Self.script, "one", "two", "three"])
        #expect(extraStatus == 2)
    }
}
