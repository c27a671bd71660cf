/// A logger: a level, a tag, bound metadata and the sinks it writes to. Create the process's logger once
/// with ``setupLogger(level:logFile:append:tag:options:)`` and fetch it anywhere with ``getLogger()``.
///
/// The level is fixed when the logger is made: nothing (no third-party code either) can change it or
/// remove its sinks. Messages are autoclosures, so a call below the level formats and allocates nothing.
///
/// ```swift
/// let logger = try getLogger()
/// logger.info("step \(step) | loss=\(loss, decimals: 4)")
/// let worker = logger.bind(["env": "math"])
/// worker.debug("started")
/// ```
public final class RunlogLogger: Sendable {
    /// The minimum level this logger emits.
    public let level: LogLevel
    /// `level.rawValue`, read by the inlined level check before the message closure runs.
    @usableFromInline let threshold: Int
    /// The tag shown as `[tag]`, if any.
    public let tag: String?
    /// Metadata added to every record of this logger (see ``bind(_:)``).
    public let metadata: [String: String]
    /// The sinks, shared with every logger bound from this one.
    let sinks: [any LogSink]
    /// The sinks as the log path calls them: built-in sinks' channels with this logger's line prefixes.
    let targets: SinkTargets
    /// The rank of this process.
    public let rank: RankContext

    /// Creates a logger writing to `sinks`. Most code uses ``setupLogger(level:logFile:append:tag:options:)``
    /// instead; this exists for libraries and tests that need a logger of their own.
    ///
    /// - Parameters:
    ///   - level: The minimum level emitted.
    ///   - tag: Shown as `[tag]`.
    ///   - metadata: Added to every record.
    ///   - sinks: Where records go.
    ///   - rank: The rank of the process (defaults to the environment's).
    public init(
        level: LogLevel,
        tag: String? = nil,
        metadata: [String: String] = [:],
        sinks: [any LogSink],
        rank: RankContext = .fromEnvironment()
    ) {
        self.level = level
        self.threshold = level.rawValue
        self.tag = tag
        self.metadata = metadata
        self.sinks = sinks
        self.rank = rank
        self.targets = SinkTargets(sinks: sinks, tag: tag, rank: rank, metadata: metadata)
    }

    /// A logger sharing `parent`'s sinks, level, tag and rank (and so its line prefixes) with `metadata`.
    private init(bindingFrom parent: RunlogLogger, metadata: [String: String]) {
        self.level = parent.level
        self.threshold = parent.threshold
        self.tag = parent.tag
        self.metadata = metadata
        self.sinks = parent.sinks
        self.rank = parent.rank
        self.targets = SinkTargets(parent.targets, metadata: metadata)
    }

    /// Logs `message` at trace level.
    ///
    /// - Parameters:
    ///   - message: Evaluated only when trace is enabled.
    ///   - file: The source file (default `#fileID`).
    ///   - function: The function (default `#function`).
    ///   - line: The line (default `#line`).
    @inlinable
    public func trace(
        _ message: @autoclosure () -> LogMessage,
        file: String = #fileID,
        function: String = #function,
        line: UInt = #line
    ) {
        if LogLevel.trace.rawValue >= threshold { emit(.trace, message(), file: file, function: function, line: line) }
    }

    /// Logs `message` at debug level.
    ///
    /// - Parameters:
    ///   - message: Evaluated only when debug is enabled.
    ///   - file: The source file (default `#fileID`).
    ///   - function: The function (default `#function`).
    ///   - line: The line (default `#line`).
    @inlinable
    public func debug(
        _ message: @autoclosure () -> LogMessage,
        file: String = #fileID,
        function: String = #function,
        line: UInt = #line
    ) {
        if LogLevel.debug.rawValue >= threshold { emit(.debug, message(), file: file, function: function, line: line) }
    }

    /// Logs `message` at info level.
    ///
    /// - Parameters:
    ///   - message: Evaluated only when info is enabled.
    ///   - file: The source file (default `#fileID`).
    ///   - function: The function (default `#function`).
    ///   - line: The line (default `#line`).
    @inlinable
    public func info(
        _ message: @autoclosure () -> LogMessage,
        file: String = #fileID,
        function: String = #function,
        line: UInt = #line
    ) {
        if LogLevel.info.rawValue >= threshold { emit(.info, message(), file: file, function: function, line: line) }
    }

    /// Logs `message` at success level.
    ///
    /// - Parameters:
    ///   - message: Evaluated only when success is enabled.
    ///   - file: The source file (default `#fileID`).
    ///   - function: The function (default `#function`).
    ///   - line: The line (default `#line`).
    @inlinable
    public func success(
        _ message: @autoclosure () -> LogMessage,
        file: String = #fileID,
        function: String = #function,
        line: UInt = #line
    ) {
        if LogLevel.success.rawValue >= threshold {
            emit(.success, message(), file: file, function: function, line: line)
        }
    }

    /// Logs `message` at warning level.
    ///
    /// - Parameters:
    ///   - message: Evaluated only when warning is enabled.
    ///   - file: The source file (default `#fileID`).
    ///   - function: The function (default `#function`).
    ///   - line: The line (default `#line`).
    @inlinable
    public func warning(
        _ message: @autoclosure () -> LogMessage,
        file: String = #fileID,
        function: String = #function,
        line: UInt = #line
    ) {
        if LogLevel.warning.rawValue >= threshold {
            emit(.warning, message(), file: file, function: function, line: line)
        }
    }

    /// Logs `message` at error level.
    ///
    /// - Parameters:
    ///   - message: Evaluated only when error is enabled.
    ///   - file: The source file (default `#fileID`).
    ///   - function: The function (default `#function`).
    ///   - line: The line (default `#line`).
    @inlinable
    public func error(
        _ message: @autoclosure () -> LogMessage,
        file: String = #fileID,
        function: String = #function,
        line: UInt = #line
    ) {
        if LogLevel.error.rawValue >= threshold { emit(.error, message(), file: file, function: function, line: line) }
    }

    /// Logs `message` at critical level.
    ///
    /// - Parameters:
    ///   - message: Evaluated only when critical is enabled.
    ///   - file: The source file (default `#fileID`).
    ///   - function: The function (default `#function`).
    ///   - line: The line (default `#line`).
    @inlinable
    public func critical(
        _ message: @autoclosure () -> LogMessage,
        file: String = #fileID,
        function: String = #function,
        line: UInt = #line
    ) {
        if LogLevel.critical.rawValue >= threshold {
            emit(.critical, message(), file: file, function: function, line: line)
        }
    }

    /// Logs `message` at `level`.
    ///
    /// - Parameters:
    ///   - level: The record's level.
    ///   - message: Evaluated only when `level` is enabled.
    ///   - file: The source file (default `#fileID`).
    ///   - function: The function (default `#function`).
    ///   - line: The line (default `#line`).
    @inlinable
    public func log(
        _ level: LogLevel,
        _ message: @autoclosure () -> LogMessage,
        file: String = #fileID,
        function: String = #function,
        line: UInt = #line
    ) {
        if level.rawValue >= threshold { emit(level, message(), file: file, function: function, line: line) }
    }

    /// Whether a record at `level` would be emitted.
    ///
    /// - Parameter level: The level to test.
    @inlinable
    public func isEnabled(_ level: LogLevel) -> Bool { level.rawValue >= threshold }

    /// Returns a logger that writes to the same sinks at the same level, adding `metadata` to every record
    /// (keys in `metadata` replace this logger's keys).
    ///
    /// - Parameter metadata: Key-value pairs to add.
    /// - Returns: The bound logger.
    public func bind(_ metadata: [String: String]) -> RunlogLogger {
        RunlogLogger(bindingFrom: self, metadata: self.metadata.merging(metadata) { _, new in new })
    }

    /// Makes every record logged so far reach its destination (buffered sinks are drained).
    public func flush() {
        for sink in sinks { sink.flush() }
    }
}
