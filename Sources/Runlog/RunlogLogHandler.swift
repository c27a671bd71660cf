public import Logging
import Synchronization

/// A swift-log `LogHandler` that writes into Runlog's sinks, so code written against swift-log
/// (`Logger(label:)`) shares the process's console and files.
///
/// By default it follows the process-wide Runlog logger (``getLogger()``) at the moment each message is
/// logged, so handlers made before `setupLogger` or across `resetLogger` keep working; before setup,
/// messages go to standard error rather than being lost. swift-log's `notice` is Runlog's `success`.
///
/// ```swift
/// let logger = Logger(label: "verifiers.env") { RunlogLogHandler(label: $0, level: .warning, showsLabel: true) }
/// logger.warning("slow reward function")   // 21:07:04 WARNING [verifiers.env] slow reward function
/// ```
public struct RunlogLogHandler: LogHandler {
    /// The swift-log label of the logger this handler serves.
    public let label: String
    /// Show `[label]` before each message.
    public let showsLabel: Bool
    /// A fixed Runlog logger to write to, or `nil` to follow the process-wide one.
    private let logger: RunlogLogger?
    /// A level fixed by the application (an intercepted library's own level); library code cannot change it.
    private let pinnedLevel: LogLevel?
    /// A level set through `logLevel` when not pinned.
    private var overriddenLevel: Logger.Level?

    /// Metadata of this handler (value semantics, as swift-log requires).
    public var metadata: Logger.Metadata = [:]
    /// Adds contextual metadata to each message.
    public var metadataProvider: Logger.MetadataProvider?

    /// Creates a handler.
    ///
    /// - Parameters:
    ///   - label: The swift-log label.
    ///   - logger: A Runlog logger to write to; `nil` follows the process-wide logger.
    ///   - level: A fixed level for this label (its own level, independent of the Runlog logger's); `nil`
    ///     uses the Runlog logger's level.
    ///   - showsLabel: Show `[label]` before each message.
    ///   - metadataProvider: Adds contextual metadata to each message.
    public init(
        label: String,
        logger: RunlogLogger? = nil,
        level: LogLevel? = nil,
        showsLabel: Bool = false,
        metadataProvider: Logger.MetadataProvider? = nil
    ) {
        self.label = label
        self.logger = logger
        self.pinnedLevel = level
        self.showsLabel = showsLabel
        self.metadataProvider = metadataProvider
    }

    /// The level below which swift-log drops messages before they reach this handler. When the application
    /// pinned a level, setting this has no effect (a library cannot raise its own verbosity).
    public var logLevel: Logger.Level {
        get {
            if let pinnedLevel { return pinnedLevel.swiftLogLevel }
            if let overriddenLevel { return overriddenLevel }
            return (logger ?? currentLogger())?.level.swiftLogLevel ?? .info
        }
        set {
            if pinnedLevel == nil { overriddenLevel = newValue }
        }
    }

    /// Gets or sets one metadata value.
    ///
    /// - Parameter key: The metadata key.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes the event into the Runlog logger's sinks (or standard error before setup).
    ///
    /// - Parameter event: The swift-log event, already filtered by `logLevel`.
    public func log(event: LogEvent) {
        let target = logger ?? currentLogger()
        var merged: [String: String] = target?.metadata ?? [:]
        for (key, value) in metadata { merged[key] = value.description }
        if let provided = metadataProvider?.get() {
            for (key, value) in provided { merged[key] = value.description }
        }
        if let eventMetadata = event.metadata {
            for (key, value) in eventMetadata { merged[key] = value.description }
        }
        if let error = event.error { merged["error"] = String(describing: error) }
        let record = LogRecord(
            level: LogLevel(event.level),
            message: event.message.description,
            label: showsLabel ? label : nil,
            tag: target?.tag,
            metadata: merged,
            file: event.file,
            function: event.function,
            line: event.line,
            rank: target?.rank ?? RankContext()
        )
        if let target {
            target.write(record)
        } else {
            FallbackSink.shared?.write(record)
        }
    }
}

/// Where bridged messages go before any Runlog logger exists: plain text on standard error.
enum FallbackSink {
    static let shared: ConsoleSink? = try? ConsoleSink(stream: .standardError, layout: TextLayout())
}

extension LogLevel {
    /// Maps a swift-log level to Runlog's (`notice` is `success`).
    ///
    /// - Parameter level: The swift-log level.
    public init(_ level: Logger.Level) {
        switch level {
        case .trace: self = .trace
        case .debug: self = .debug
        case .info: self = .info
        case .notice: self = .success
        case .warning: self = .warning
        case .error: self = .error
        case .critical: self = .critical
        }
    }

    /// The swift-log level for this level (`success` is `notice`).
    public var swiftLogLevel: Logger.Level {
        switch self {
        case .trace: return .trace
        case .debug: return .debug
        case .info: return .info
        case .success: return .notice
        case .warning: return .warning
        case .error: return .error
        case .critical: return .critical
        }
    }
}
