/// Everything `setupLogger` can be told beyond level, file, append and tag. The defaults match prime-rl:
/// coloured console, coloured file, one `write(2)` per record.
///
/// ```swift
/// var options = LoggerOptions()
/// options.fileColor = false                 // plain text file
/// options.jsonLinesFile = "logs/rl.jsonl"   // plus JSON lines for jq / Loki
/// options.fileMode = .buffered              // background writer, flight recorder on crash
/// try setupLogger(level: .debug, logFile: "logs/rl.log", options: options)
/// ```
public struct LoggerOptions: Sendable {
    /// Write records to the console (standard output).
    public var console: Bool
    /// When the console is coloured.
    public var consoleColor: ColorMode
    /// How the console sink writes (durable by default).
    public var consoleMode: WriteMode
    /// Write ANSI colours into the log file (prime-rl does, so `tail -F` shows colour); `false` for plain.
    public var fileColor: Bool
    /// How the log file sink writes: `.durable` (default) or `.buffered`.
    public var fileMode: WriteMode
    /// An extra JSON lines file, opened with the same `append` setting; `nil` for none.
    public var jsonLinesFile: String?
    /// How the JSON lines sink writes.
    public var jsonLinesMode: WriteMode
    /// Append bound metadata to text lines as ` key=value`.
    public var showsMetadata: Bool
    /// Show `[rank N]` in text lines when `RANK` is set.
    public var showsRank: Bool
    /// Further sinks to write to (for example a capture sink in tests).
    public var additionalSinks: [any LogSink]
    /// The rank context; `nil` reads `RANK`, `LOCAL_RANK` and `WORLD_SIZE` from the environment.
    public var rank: RankContext?
    /// (Buffered sinks always flush on SIGTERM/SIGINT/SIGHUP when those signals still have their default
    /// disposition: Runlog flushes, then lets the signal terminate the process as before.)
    ///
    /// On a fatal signal (SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE) write what is buffered and one
    /// line naming the signal to every sink, then die with the same signal.
    public var flightRecorder: Bool

    /// Creates options with prime-rl's defaults.
    ///
    /// - Parameters:
    ///   - console: Write to standard output.
    ///   - consoleColor: When the console is coloured.
    ///   - consoleMode: How the console sink writes.
    ///   - fileColor: Colour in the log file.
    ///   - fileMode: How the file sink writes.
    ///   - jsonLinesFile: An extra JSON lines file.
    ///   - jsonLinesMode: How the JSON lines sink writes.
    ///   - showsMetadata: Append metadata to text lines.
    ///   - showsRank: Show `[rank N]` in text lines.
    ///   - additionalSinks: Further sinks.
    ///   - rank: The rank context, or `nil` for the environment's.
    ///   - flightRecorder: Write buffered records and a final line on a fatal signal.
    public init(
        console: Bool = true,
        consoleColor: ColorMode = .automatic,
        consoleMode: WriteMode = .durable,
        fileColor: Bool = true,
        fileMode: WriteMode = .durable,
        jsonLinesFile: String? = nil,
        jsonLinesMode: WriteMode = .durable,
        showsMetadata: Bool = true,
        showsRank: Bool = false,
        additionalSinks: [any LogSink] = [],
        rank: RankContext? = nil,
        flightRecorder: Bool = true
    ) {
        self.console = console
        self.consoleColor = consoleColor
        self.consoleMode = consoleMode
        self.fileColor = fileColor
        self.fileMode = fileMode
        self.jsonLinesFile = jsonLinesFile
        self.jsonLinesMode = jsonLinesMode
        self.showsMetadata = showsMetadata
        self.showsRank = showsRank
        self.additionalSinks = additionalSinks
        self.rank = rank
        self.flightRecorder = flightRecorder
    }
}
