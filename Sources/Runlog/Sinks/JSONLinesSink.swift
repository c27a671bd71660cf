/// Writes records as JSON lines to a file (one object per line; see ``LogFormat/jsonLines``).
///
/// ```swift
/// let sink = try JSONLinesSink(path: "logs/rl.jsonl")
/// ```
public final class JSONLinesSink: ChannelSink, FlightRecordable {
    private let file: FileSink

    /// Opens `path` for JSON lines.
    ///
    /// - Parameters:
    ///   - path: The file.
    ///   - append: Keep existing content instead of deleting the file first.
    ///   - mode: Durable (one write per record) or buffered.
    /// - Throws: ``RunlogError`` when the path is a symlink or cannot be created.
    public init(path: String, append: Bool = false, mode: WriteMode = .durable) throws(RunlogError) {
        self.file = try FileSink(path: path, append: append, format: .jsonLines, mode: mode)
    }

    /// The encoder and writer of the underlying file sink.
    var channel: SinkChannel { file.channel }

    /// The path the sink was opened with.
    public var path: String { file.path }

    /// Writes one record as one JSON line.
    ///
    /// - Parameter record: The record.
    public func write(_ record: LogRecord) { file.write(record) }

    /// Makes every record written so far reach the kernel.
    public func flush() { file.flush() }

    /// Log lines that could not be written (see ``FileSink/failedWrites``).
    public var failedWrites: Int { file.failedWrites }

    func armFlightRecorder(tag: String?, rank: RankContext) {
        file.armFlightRecorder(tag: tag, rank: rank)
    }
}
