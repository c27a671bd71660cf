/// What a built-in sink (console, file, JSON lines) is made of: its encoder and its writer. Loggers hold the
/// channels of their built-in sinks and write to them directly, without building a ``LogRecord`` and without
/// a protocol call.
final class SinkChannel: Sendable {
    /// How records are rendered.
    let encoder: RecordEncoder
    /// The text encoder, or nil for JSON lines (which loggers feed with records).
    let textEncoder: TextLineEncoder?
    /// Where the bytes go.
    let writer: SinkWriter

    init(encoder: RecordEncoder, writer: SinkWriter) {
        self.encoder = encoder
        self.textEncoder = encoder.textEncoder
        self.writer = writer
    }

    /// Writes one record.
    func write(_ record: LogRecord) {
        writer.write(RecordLine(encoder: encoder, record: record))
    }

    /// Makes every record written so far reach the kernel.
    func flush() {
        writer.flush()
    }

    /// Pre-renders the flight recorder's final lines with `tag` and `rank`.
    func armFlightRecorder(tag: String?, rank: RankContext) {
        writer.armFlightRecorder(encoder: encoder, tag: tag, rank: rank)
    }
}

/// Sinks that are a ``SinkChannel`` underneath.
protocol ChannelSink: LogSink {
    /// The sink's encoder and writer.
    var channel: SinkChannel { get }
}
