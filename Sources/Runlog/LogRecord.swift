#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One log event as the sinks receive it: everything a format needs, already evaluated.
public struct LogRecord: Sendable {
    /// The record's severity.
    public var level: LogLevel
    /// The message text, not yet neutralised (each sink neutralises it for its output).
    public var message: String
    /// The swift-log label of an intercepted logger, shown as `[label]` before the message.
    public var label: String?
    /// The logger's tag, shown as `[tag]`.
    public var tag: String?
    /// Bound and swift-log metadata.
    public var metadata: [String: String]
    /// The source file (`#fileID`).
    public var file: String
    /// The function name (`#function`).
    public var function: String
    /// The source line (`#line`).
    public var line: UInt
    /// When the record was made.
    public var timestamp: Timestamp
    /// The rank of this process, when known.
    public var rank: RankContext

    /// Creates a record.
    ///
    /// - Parameters:
    ///   - level: The severity.
    ///   - message: The message text.
    ///   - label: The swift-log label to show, if any.
    ///   - tag: The logger tag, if any.
    ///   - metadata: Bound metadata.
    ///   - file: The source file.
    ///   - function: The function name.
    ///   - line: The source line.
    ///   - timestamp: When the record was made; defaults to now.
    ///   - rank: The rank of the process.
    public init(
        level: LogLevel,
        message: String,
        label: String? = nil,
        tag: String? = nil,
        metadata: [String: String] = [:],
        file: String = #fileID,
        function: String = #function,
        line: UInt = #line,
        timestamp: Timestamp = .now(),
        rank: RankContext = RankContext()
    ) {
        self.level = level
        self.message = message
        self.label = label
        self.tag = tag
        self.metadata = metadata
        self.file = file
        self.function = function
        self.line = line
        self.timestamp = timestamp
        self.rank = rank
    }
}

/// A wall-clock instant with nanosecond resolution (seconds since the Unix epoch).
public struct Timestamp: Sendable, Equatable, Comparable {
    /// Whole seconds since 1970-01-01T00:00:00Z.
    public var seconds: Int
    /// Nanoseconds within the second, 0 ..< 1_000_000_000.
    public var nanoseconds: Int

    /// Creates a timestamp.
    ///
    /// - Parameters:
    ///   - seconds: Whole seconds since the epoch.
    ///   - nanoseconds: Nanoseconds within the second.
    public init(seconds: Int, nanoseconds: Int) {
        self.seconds = seconds
        self.nanoseconds = nanoseconds
    }

    /// The current wall-clock time (`CLOCK_REALTIME`).
    public static func now() -> Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(seconds: Int(spec.tv_sec), nanoseconds: Int(spec.tv_nsec))
    }

    /// Orders timestamps in time.
    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        (lhs.seconds, lhs.nanoseconds) < (rhs.seconds, rhs.nanoseconds)
    }
}
