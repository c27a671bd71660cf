/// The seven severities of a Runlog record, from the most verbose to the most severe (loguru's levels).
///
/// Levels are ordered: a logger set to `.info` emits `.info` and everything above it.
///
/// ```swift
/// let level = try LogLevel(parsing: "warn")   // .warning
/// print(level.name)                           // "WARNING"
/// ```
public enum LogLevel: Int, Sendable, Comparable, CaseIterable, Hashable {
    /// Very fine-grained diagnostics.
    case trace
    /// Diagnostics for developers; enables ` [file::line]` in the text format.
    case debug
    /// Normal progress information.
    case info
    /// A notable positive outcome (shown in green).
    case success
    /// Something unexpected that the process survives.
    case warning
    /// A failure of one operation.
    case error
    /// A failure the process is unlikely to survive.
    case critical

    /// Parses a level name as people type it: any case, surrounding spaces ignored, with the aliases
    /// `warn`, `err`, `fatal`, `crit`, `notice` (swift-log's name for success) and `information`.
    ///
    /// - Parameter text: The level name, for example `"INFO"` or `"warn"`.
    /// - Throws: ``RunlogError`` naming the accepted spellings when `text` is not a level.
    public init(parsing text: String) throws(RunlogError) {
        let key = text.trimmingSpaces().lowercased()
        switch key {
        case "trace": self = .trace
        case "debug": self = .debug
        case "info", "information": self = .info
        case "success", "notice": self = .success
        case "warning", "warn": self = .warning
        case "error", "err": self = .error
        case "critical", "crit", "fatal": self = .critical
        default:
            throw RunlogError(
                .invalidLevel,
                "unknown log level '\(text)': use one of trace, debug, info, success, warning (warn), error, "
                    + "critical (fatal)"
            )
        }
    }

    /// The upper-case name shown in log lines: `TRACE`, `DEBUG`, `INFO`, `SUCCESS`, `WARNING`, `ERROR`,
    /// `CRITICAL`.
    public var name: String {
        switch self {
        case .trace: return "TRACE"
        case .debug: return "DEBUG"
        case .info: return "INFO"
        case .success: return "SUCCESS"
        case .warning: return "WARNING"
        case .error: return "ERROR"
        case .critical: return "CRITICAL"
        }
    }

    /// Orders levels by severity.
    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}

extension LogLevel: CustomStringConvertible {
    /// The upper-case ``name``.
    public var description: String { name }
}

extension String {
    /// The string without leading and trailing ASCII spaces, tabs and newlines.
    func trimmingSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
