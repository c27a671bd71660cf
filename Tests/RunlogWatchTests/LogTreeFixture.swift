import Foundation
import Testing

/// A temporary run output folder laid out like `rl`'s, with helpers to write Runlog-format lines.
final class LogTreeFixture {
    let root: URL
    var outputDirectory: URL { root.appendingPathComponent("out dir") }
    var logs: URL { outputDirectory.appendingPathComponent("logs") }

    /// Creates `<tmp>/<unique>/out dir/` holding `runs/<run>` with `logs` a symbolic link to it.
    init(run: String = "run1") throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("runlog-watch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: outputDirectory, withIntermediateDirectories: true)
        try makeRun(run)
        try FileManager.default.createSymbolicLink(atPath: logs.path, withDestinationPath: "runs/\(run)")
    }

    deinit {
        try? FileManager.default.removeItem(at: root)
    }

    /// Creates an empty run folder with `trainer/` and `env_workers/`.
    func makeRun(_ run: String) throws {
        let folder = outputDirectory.appendingPathComponent("runs/\(run)")
        for sub in ["trainer", "env_workers"] {
            try FileManager.default.createDirectory(
                at: folder.appendingPathComponent(sub),
                withIntermediateDirectories: true
            )
        }
    }

    /// Points `logs` at another run atomically, as a new run does (a new link renamed over the old one).
    func switchLogs(to run: String) throws {
        let temporary = outputDirectory.appendingPathComponent("logs.new")
        try FileManager.default.createSymbolicLink(atPath: temporary.path, withDestinationPath: "runs/\(run)")
        #expect(rename(temporary.path, logs.path) == 0)
    }

    /// A Runlog text record: `HH:mm:ss  LEVEL [tag] message`, at `date` in local time.
    static func record(_ level: String, _ tag: String, _ message: String, at date: Date = Date()) -> String {
        let components = Calendar.current.dateComponents([.hour, .minute, .second], from: date)
        let time = String(format: "%02d:%02d:%02d", components.hour!, components.minute!, components.second!)
        return time + " " + String(repeating: " ", count: max(0, 7 - level.count)) + level + " [\(tag)] " + message
    }

    /// Appends lines (each with a newline) to `relativePath` under `logs/`, in one write.
    func append(_ relativePath: String, _ lines: [String]) throws {
        let url = logs.appendingPathComponent(relativePath)
        let data = Data(lines.map { $0 + "\n" }.joined().utf8)
        if !FileManager.default.fileExists(atPath: url.path) {
            try data.write(to: url)
            return
        }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: data)
    }

    /// Replaces the content of `relativePath` (truncating it in place, as a new run reusing the file does).
    func truncate(_ relativePath: String, with lines: [String]) throws {
        let url = logs.appendingPathComponent(relativePath)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: Data(lines.map { $0 + "\n" }.joined().utf8))
    }
}
