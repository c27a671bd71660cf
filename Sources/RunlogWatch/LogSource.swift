/// Which part of a run a log file belongs to, named the way `runlog follow` prefixes its lines.
///
/// Paths are relative to the run's `logs` folder:
///
/// | file | source |
/// |---|---|
/// | `rl.log` | `rl` |
/// | `inference.stdout` | `inference` |
/// | `orchestrator.log`, `orchestrator.stdout` | `orchestrator` |
/// | `trainer/rank_3.log` | `trainer/3` |
/// | `env_workers/reverse_text.log` | `env/reverse_text` |
/// | `env_workers/reverse_text/worker_2.log` | `env/reverse_text/2` |
public struct LogSource: Sendable, Hashable, CustomStringConvertible {
    /// How the file's lines are written.
    public enum Kind: Sendable, Hashable {
        /// A logger's file (`.log`): the record of what the component logged.
        case log
        /// A JSON-lines logger file (`.jsonl`).
        case jsonLines
        /// A process's captured console (`.stdout`, `.stderr`): mostly copies of its logger's records, plus
        /// whatever else the process printed (tracebacks, third-party output).
        case console
    }

    /// The name shown before each line, for example `trainer/0`.
    public var name: String
    /// The component the file belongs to (`trainer` for `trainer.stdout` and `trainer/rank_0.log`); a
    /// console line that repeats a record of the same component's log files is shown once.
    public var component: String
    /// How the file's lines are written.
    public var kind: Kind
    /// The file's path relative to the `logs` folder.
    public var relativePath: String

    /// The ``name``.
    public var description: String { name }

    /// The source of the log file at `relativePath`, or nil for a file that is not a log (by its extension:
    /// `.log`, `.jsonl`, `.stdout` and `.stderr` are logs).
    ///
    /// - Parameter relativePath: The path inside the `logs` folder, with `/` separators.
    public init?(relativePath: String) {
        var parts = relativePath.split(separator: "/").map(String.init)
        guard let file = parts.popLast(), let dot = file.lastIndex(of: "."), dot != file.startIndex else {
            return nil
        }
        let stem = String(file[..<dot])
        switch file[file.index(after: dot)...] {
        case "log": kind = .log
        case "jsonl": kind = .jsonLines
        case "stdout", "stderr": kind = .console
        default: return nil
        }
        let folders = parts.map { $0 == "env_workers" ? "env" : $0 }
        self.relativePath = relativePath
        component = folders.first ?? stem
        name = (folders + [Self.shortName(stem)]).joined(separator: "/")
    }

    /// `rank_3` and `worker_3` become `3`: the folder already says what the number counts.
    private static func shortName(_ stem: String) -> String {
        for prefix in ["rank_", "rank", "worker_", "worker"] where stem.hasPrefix(prefix) {
            let rest = stem.dropFirst(prefix.count)
            if !rest.isEmpty && rest.allSatisfy(\.isNumber) { return String(rest) }
        }
        return stem
    }
}
