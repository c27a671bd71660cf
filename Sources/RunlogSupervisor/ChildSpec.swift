/// Where one standard stream of a child goes.
///
/// Files are opened by the supervisor with `O_APPEND | O_CREAT` (parent folders created) and handed to
/// the child, which then writes them itself: nothing passes through the supervisor, so a file stays
/// complete even if the supervisor dies.
public enum OutputDestination: Sendable, Equatable {
    /// The child writes to the supervisor's own stream of the same kind.
    case inherit
    /// The stream goes to `/dev/null`.
    case discard
    /// The child appends to the file at `path` itself.
    case file(path: String)
    /// The child appends to the file at `path` itself and the supervisor follows the file (inotify, so
    /// within milliseconds) and prints each new whole line to its own stream, after `linePrefix`.
    case fileAndConsole(path: String, linePrefix: String)
    /// The child writes into a pipe; the supervisor prints each whole line to its own stream after
    /// `linePrefix`. Nothing is kept on disk.
    case console(linePrefix: String)
}

/// Where a child's standard input comes from.
public enum InputSource: Sendable, Equatable {
    /// The supervisor's own standard input.
    case inherit
    /// `/dev/null`: reads see end of file at once.
    case null
}

/// What the group does when this child exits with status 0.
public enum SuccessPolicy: Sendable, Equatable {
    /// The others keep running; the group ends when all have exited (a rank of a training job).
    case keepOthersRunning
    /// The group's work is done: the others are stopped gracefully and their exits are not failures
    /// (the trainer finishing makes the inference server's job done).
    case stopOthers
}

/// One labelled value shown for a child in the failure summary (for example `rank`, `2 (local_rank: 2)`).
public struct SummaryField: Sendable, Equatable {
    /// The label, shown left-aligned.
    public var label: String
    /// The value.
    public var value: String

    /// Creates a field.
    /// - Parameters:
    ///   - label: The label, such as `rank`.
    ///   - value: The value, such as `3`.
    public init(_ label: String, _ value: String) {
        self.label = label
        self.value = value
    }
}

/// Everything needed to start one child process under a ``Supervisor``.
///
/// ```swift
/// var spec = ChildSpec(name: "orchestrator", executable: "orchestrator", arguments: ["--config", path])
/// spec.standardOutput = .fileAndConsole(path: "outputs/logs/orchestrator.stdout", linePrefix: "[orch]: ")
/// spec.standardError = spec.standardOutput
/// spec.summaryLogFiles = ["outputs/logs/orchestrator.stdout"]
/// ```
public struct ChildSpec: Sendable {
    /// A short name used in events and the failure summary (`inference`, `default3`).
    public var name: String
    /// A path (anything with a `/`) or a command name searched in the child's `PATH`.
    public var executable: String
    /// Arguments after the program name.
    public var arguments: [String]
    /// The child's complete environment (by default, the supervisor's own).
    public var environment: [String: String]
    /// The child's working directory, or `nil` for the supervisor's.
    public var workingDirectory: String?
    /// Standard input; `.inherit` by default.
    public var standardInput: InputSource
    /// Standard output; `.inherit` by default.
    public var standardOutput: OutputDestination
    /// Standard error; `.inherit` by default. The same file as standard output is opened once and shared.
    public var standardError: OutputDestination
    /// What a successful exit of this child means for the group.
    public var whenSucceeds: SuccessPolicy
    /// Extra labelled values for the failure summary, in order.
    public var summaryFields: [SummaryField]
    /// Files whose last lines the failure summary shows when this child fails (stderr first, say).
    public var summaryLogFiles: [String]
    /// A file the child may write an error report to (torchrun's `TORCHELASTIC_ERROR_FILE`), shown in
    /// the summary.
    public var errorFile: String?

    /// Creates a spec that inherits the supervisor's environment, directory and streams.
    /// - Parameters:
    ///   - name: A short name for events and the summary.
    ///   - executable: A path or a command name looked up in `PATH`.
    ///   - arguments: Arguments after the program name.
    ///   - environment: The complete environment; `nil` means the supervisor's own.
    public init(name: String, executable: String, arguments: [String] = [], environment: [String: String]? = nil) {
        self.name = name
        self.executable = executable
        self.arguments = arguments
        self.environment = environment ?? ProcessEnvironment.current()
        self.workingDirectory = nil
        self.standardInput = .inherit
        self.standardOutput = .inherit
        self.standardError = .inherit
        self.whenSucceeds = .keepOthersRunning
        self.summaryFields = []
        self.summaryLogFiles = []
        self.errorFile = nil
    }
}
