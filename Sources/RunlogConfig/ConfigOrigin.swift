/// Where a configuration value came from; errors name it so the user knows what to edit.
public enum ConfigOrigin: Sendable, Equatable, CustomStringConvertible {
    /// The built-in defaults of the configuration type.
    case defaults
    /// A TOML file, with the line of the key when it could be located.
    case file(path: String, line: Int?)
    /// An environment variable.
    case environment(variable: String)
    /// A command-line argument, as the user typed its option name (e.g. `--trainer.nproc-per-node`).
    case argument(String)

    /// A short human form: `configs/x.toml:12`, `environment variable RUNLOG_X`, `argument --a.b`.
    public var description: String {
        switch self {
        case .defaults: return "built-in defaults"
        case .file(let path, let line?): return "\(path):\(line)"
        case .file(let path, nil): return path
        case .environment(let variable): return "environment variable \(variable)"
        case .argument(let option): return "argument \(option)"
        }
    }
}
