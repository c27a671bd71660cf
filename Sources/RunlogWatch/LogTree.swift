import Foundation
import Glibc

/// The log files of one run's output folder, kept up to date from inotify events.
///
/// It watches the output folder (for `logs` appearing or being replaced by a new run), the folder `logs`
/// resolves to and every folder below it. Files are opened as they appear, reread when they change,
/// reopened when replaced and rewound when truncated.
final class LogTree {
    /// Something that happened to the tree, for the reader to see in the stream.
    enum Notice {
        case newRun(String)
        case truncated(LogSource)
        case replaced(LogSource)
    }

    /// The lines read from one file in one step, or a notice, in the order they happened.
    enum Batch {
        case lines(FollowedFile, [[UInt8]])
        case notice(Notice)
    }

    let outputDirectory: String
    var logsPath: String { outputDirectory + "/logs" }
    private let inotify: Inotify?
    private let preferJSON: Bool
    private var parentWatch: Int32?
    private var logsIdentity: FollowedFile.Identity?
    /// Watched folders, by watch, as paths relative to `logs` ("" for `logs` itself).
    private var folders: [Int32: String] = [:]
    /// Followed files by path relative to `logs`.
    private(set) var files: [String: FollowedFile] = [:]

    /// Creates the tree; with `inotify` nil it only reads what is there (`--no-follow`).
    init(outputDirectory: String, inotify: Inotify?, preferJSON: Bool) {
        self.outputDirectory = outputDirectory
        self.inotify = inotify
        self.preferJSON = preferJSON
    }

    /// Whether the `logs` folder exists.
    var hasLogs: Bool { FollowedFile.identity(of: logsPath) != nil }

    /// Starts watching and returns everything the files already hold.
    func start() -> [Batch] {
        if let inotify { parentWatch = inotify.watch(outputDirectory, mask: Inotify.parentMask) }
        return attachLogs()
    }

    /// Handles inotify events and returns the lines they made available.
    func handle(_ events: [Inotify.Event]) -> [Batch] {
        var batches: [Batch] = []
        var touched: [String] = []
        var rescan = false
        for event in events {
            if event.mask & UInt32(IN_Q_OVERFLOW) != 0 {
                rescan = true
            } else if event.watch == parentWatch {
                if event.name == "logs" { rescan = true }
            } else if let folder = folders[event.watch] {
                if event.mask & UInt32(IN_DELETE_SELF | IN_MOVE_SELF) != 0 {
                    if folder.isEmpty { rescan = true }
                    continue
                }
                if event.mask & UInt32(IN_IGNORED) != 0 {
                    folders[event.watch] = nil
                    continue
                }
                let relative = folder.isEmpty ? event.name : folder + "/" + event.name
                if event.mask & UInt32(IN_ISDIR) != 0 {
                    if event.mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 {
                        batches += scanFolder(relative)
                    }
                } else if !touched.contains(relative) {
                    touched.append(relative)
                }
            }
        }
        if rescan, FollowedFile.identity(of: logsPath) != logsIdentity {
            return batches + switchRun()
        }
        for relative in touched { batches += sync(relative) }
        if rescan { batches += syncAll() }
        return batches
    }

    /// Reads whatever every file holds now (the end of a `--no-follow` pass, or after lost events).
    func syncAll() -> [Batch] {
        var batches: [Batch] = []
        for relative in files.keys.sorted() { batches += sync(relative) }
        return batches
    }

    // MARK: - Runs

    /// `logs` now names another folder (a new run): finish the old files, then read the new tree.
    private func switchRun() -> [Batch] {
        var batches: [Batch] = []
        for relative in files.keys.sorted() {
            let file = files[relative]!
            batches.append(.lines(file, file.readLines(final: true)))
        }
        files.removeAll()
        if let inotify { for watch in folders.keys { inotify.remove(watch) } }
        folders.removeAll()
        let wasFollowing = logsIdentity != nil
        logsIdentity = FollowedFile.identity(of: logsPath)
        if wasFollowing || logsIdentity != nil {
            batches.append(.notice(.newRun(resolvedLogs())))
        }
        batches += attachLogs()
        return batches
    }

    private func attachLogs() -> [Batch] {
        logsIdentity = FollowedFile.identity(of: logsPath)
        guard logsIdentity != nil else { return [] }
        return scanFolder("")
    }

    private func resolvedLogs() -> String {
        guard let resolved = realpath(logsPath, nil) else { return logsPath }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    // MARK: - Folders and files

    private func scanFolder(_ relative: String) -> [Batch] {
        let path = relative.isEmpty ? logsPath : logsPath + "/" + relative
        if let inotify, let watch = inotify.watch(path, mask: Inotify.directoryMask) {
            folders[watch] = relative
        }
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: path) else { return [] }
        var batches: [Batch] = []
        for name in entries.sorted() {
            let child = relative.isEmpty ? name : relative + "/" + name
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: logsPath + "/" + child, isDirectory: &isFolder) else {
                continue
            }
            batches += isFolder.boolValue ? scanFolder(child) : sync(child)
        }
        return batches
    }

    /// Brings one file up to date: opens it, reads what is new, rewinds after a truncation, reopens after
    /// a replacement and lets go of it once it is gone.
    private func sync(_ relative: String) -> [Batch] {
        let path = logsPath + "/" + relative
        let current = FollowedFile.identity(of: path)
        var batches: [Batch] = []
        if let file = files[relative] {
            if current == file.identity {
                guard file.wasTruncated else { return [.lines(file, file.readLines())] }
                file.rewind()
                return [.notice(.truncated(file.source)), .lines(file, file.readLines())]
            }
            // Replaced or removed: what the old file still held comes first.
            batches.append(.lines(file, file.readLines(final: true)))
            files[relative] = nil
            if current != nil { batches.append(.notice(.replaced(file.source))) }
        }
        guard current != nil, let source = LogSource(relativePath: relative), wanted(source),
            let file = FollowedFile(path: path, source: source)
        else { return batches }
        files[relative] = file
        batches.append(.lines(file, file.readLines()))
        return batches
    }

    /// A JSON-lines file and a text log of the same name hold the same records: follow one of them.
    private func wanted(_ source: LogSource) -> Bool {
        let stem = source.relativePath.prefix(upTo: source.relativePath.lastIndex(of: ".")!)
        switch source.kind {
        case .jsonLines:
            return preferJSON || FollowedFile.identity(of: logsPath + "/" + stem + ".log") == nil
        case .log:
            return !preferJSON || FollowedFile.identity(of: logsPath + "/" + stem + ".jsonl") == nil
        case .console:
            return true
        }
    }
}
