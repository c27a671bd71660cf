#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes text records to standard output (or standard error), coloured when the stream is a terminal or
/// `FORCE_COLOR` is set, never when `NO_COLOR` is set.
public final class ConsoleSink: ChannelSink, FlightRecordable {
    /// Which standard stream a console sink writes to.
    public enum Stream: Sendable {
        /// File descriptor 1.
        case standardOutput
        /// File descriptor 2.
        case standardError

        var fd: Int32 { self == .standardOutput ? 1 : 2 }
    }

    /// Whether this sink writes colour (decided once, when it is created).
    public let colored: Bool
    /// The encoder and writer, which loggers call directly.
    let channel: SinkChannel

    /// Creates a console sink.
    ///
    /// - Parameters:
    ///   - stream: Standard output (default) or standard error.
    ///   - color: When to colour (default: terminal or `FORCE_COLOR`, never `NO_COLOR`).
    ///   - layout: What the text format shows besides time, level and message.
    ///   - mode: Durable (one write per record, default) or buffered.
    /// - Throws: ``RunlogError`` for an invalid buffered capacity.
    public init(
        stream: Stream = .standardOutput,
        color: ColorMode = .automatic,
        layout: TextLayout = TextLayout(),
        mode: WriteMode = .durable
    ) throws(RunlogError) {
        let colored = Self.decideColor(color, fd: stream.fd)
        self.colored = colored
        let encoder = RecordEncoder(format: .text(colored: colored), layout: layout, pid: getpid())
        let writer = try makeWriter(
            fd: stream.fd,
            ownsDescriptor: false,
            name: "the console",
            mode: mode,
            notice: encoder.lostLinesNotice()
        )
        self.channel = SinkChannel(encoder: encoder, writer: writer)
    }

    /// Writes one record.
    ///
    /// - Parameter record: The record.
    public func write(_ record: LogRecord) {
        channel.write(record)
    }

    /// Makes every record written so far reach the kernel.
    public func flush() {
        channel.flush()
    }

    /// Log lines that could not be written (for example disk full). Each outage is reported once on standard
    /// error, and when writing works again a `WARNING [runlog]` record marks the gap in the output.
    public var failedWrites: Int { channel.writer.failedWrites }

    /// Applies the colour rules to the process environment and `fd`.
    static func decideColor(_ mode: ColorMode, fd: Int32) -> Bool {
        decideColor(
            mode,
            noColor: getenv("NO_COLOR").map { String(cString: $0) },
            forceColor: getenv("FORCE_COLOR").map { String(cString: $0) },
            isTerminal: isatty(fd) == 1
        )
    }

    /// The colour rules: a non-empty `NO_COLOR` always wins, then the mode, then a `FORCE_COLOR` that is
    /// non-empty and not `0`, then whether the stream is a terminal.
    ///
    /// - Parameters:
    ///   - mode: The requested mode.
    ///   - noColor: The value of `NO_COLOR`, if set.
    ///   - forceColor: The value of `FORCE_COLOR`, if set.
    ///   - isTerminal: Whether the stream is a terminal.
    /// - Returns: Whether to write colour.
    public static func decideColor(
        _ mode: ColorMode,
        noColor: String?,
        forceColor: String?,
        isTerminal: Bool
    )
        -> Bool
    {
        if let noColor, !noColor.isEmpty { return false }
        switch mode {
        case .never: return false
        case .always: return true
        case .automatic:
            if let forceColor, !forceColor.isEmpty, forceColor != "0" { return true }
            return isTerminal
        }
    }
}

extension ConsoleSink {
    func armFlightRecorder(tag: String?, rank: RankContext) {
        channel.armFlightRecorder(tag: tag, rank: rank)
    }
}
