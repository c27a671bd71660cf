/// The ANSI SGR sequences Runlog writes: loguru's per-level colours and a dim time stamp.
enum ANSIStyle {
    /// Resets all attributes.
    static let reset: [UInt8] = Array("\u{1B}[0m".utf8)
    /// Dim (faint) text, used for the time stamp.
    static let dim: [UInt8] = Array("\u{1B}[2m".utf8)

    /// loguru's colour for each level, indexed by `LogLevel.rawValue`.
    static let levelColors: [[UInt8]] = LogLevel.allCases.map { Array(colorSequence(for: $0).utf8) }

    /// The SGR sequence loguru uses for `level`.
    static func colorSequence(for level: LogLevel) -> String {
        switch level {
        case .trace: return "\u{1B}[36m\u{1B}[1m"  // cyan, bold
        case .debug: return "\u{1B}[34m\u{1B}[1m"  // blue, bold
        case .info: return "\u{1B}[1m"  // bold
        case .success: return "\u{1B}[32m\u{1B}[1m"  // green, bold
        case .warning: return "\u{1B}[33m\u{1B}[1m"  // yellow, bold
        case .error: return "\u{1B}[31m\u{1B}[1m"  // red, bold
        case .critical: return "\u{1B}[41m\u{1B}[1m"  // red background, bold
        }
    }
}
