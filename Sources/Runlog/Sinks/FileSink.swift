#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes records to a file: parent directories created, an existing file deleted first unless `append`,
/// never through a symlink, mode 0644, every record appended with one `write(2)` (durable mode) so threads
/// and processes can share the file.
///
/// ```swift
/// let sink = try FileSink(path: "logs/env_workers/math.log", append: true)
/// ```
public final class FileSink: ChannelSink, FlightRecordable {
    /// The path the sink was opened with.
    public let path: String
    /// The encoder and writer, which loggers call directly.
    let channel: SinkChannel

    /// Opens `path` for logging.
    ///
    /// - Parameters:
    ///   - path: The log file.
    ///   - append: Keep existing content instead of deleting the file first.
    ///   - format: Text (coloured by default, as prime-rl writes its files) or JSON lines.
    ///   - layout: What the text format shows besides time, level and message.
    ///   - mode: Durable (one write per record) or buffered.
    /// - Throws: ``RunlogError`` when the path is a symlink, a directory, or cannot be created.
    public init(
        path: String,
        append: Bool = false,
        format: LogFormat = .text(colored: true),
        layout: TextLayout = TextLayout(),
        mode: WriteMode = .durable
    ) throws(RunlogError) {
        self.path = path
        let encoder = RecordEncoder(format: format, layout: layout, pid: getpid())
        let fd = try LogFileOpener.openForAppending(path: path, append: append)
        let writer = try makeWriter(
            fd: fd,
            ownsDescriptor: true,
            name: path,
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
}

extension FileSink {
    func armFlightRecorder(tag: String?, rank: RankContext) {
        channel.armFlightRecorder(tag: tag, rank: rank)
    }
}
