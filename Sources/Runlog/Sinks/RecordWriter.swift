#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A record ready to be encoded by a writer, wherever the writer wants the bytes (straight into its buffer).
protocol EncodableLine {
    /// Writes the record's bytes, final newline included.
    func encode<Output: LineOutput>(into output: inout Output)
}

/// A ``LogRecord`` with the encoder of the sink it goes to.
struct RecordLine: EncodableLine {
    let encoder: RecordEncoder
    let record: LogRecord

    func encode<Output: LineOutput>(into output: inout Output) {
        encoder.encode(record, into: &output)
    }
}

/// How a sink hands encoded records to its file descriptor: one `write(2)` per record (``DurableWriter``) or
/// through a background thread (``BufferedWriter``). An enum rather than a protocol, so the log path calls the
/// writer directly.
enum SinkWriter: Sendable {
    case durable(DurableWriter)
    case buffered(BufferedWriter)

    /// Encodes `line` and writes it.
    @inline(__always)
    func write<Line: EncodableLine>(_ line: Line) {
        switch self {
        case .durable(let writer): writer.write(line)
        case .buffered(let writer): writer.write(line)
        }
    }

    /// Writes everything accepted so far before returning.
    func flush() {
        switch self {
        case .durable(let writer): writer.flush()
        case .buffered(let writer): writer.flush()
        }
    }

    /// Log lines that could not be written (see ``WriteFailureTracker``).
    var failedWrites: Int {
        switch self {
        case .durable(let writer): return writer.failedWrites
        case .buffered(let writer): return writer.failedWrites
        }
    }

    /// Pre-renders the final lines and registers the slot with the flight recorder if not yet registered.
    func armFlightRecorder(encoder: RecordEncoder, tag: String?, rank: RankContext) {
        switch self {
        case .durable(let writer): writer.armFlightRecorder(encoder: encoder, tag: tag, rank: rank)
        case .buffered(let writer): writer.armFlightRecorder(encoder: encoder, tag: tag, rank: rank)
        }
    }
}

/// Sinks whose writer can record a fatal signal; `setupLogger` arms them with the logger's tag and rank.
protocol FlightRecordable {
    /// Pre-renders the final line with `tag` and `rank` and installs the fatal-signal handlers.
    func armFlightRecorder(tag: String?, rank: RankContext)
}

/// Creates the writer for `mode`.
func makeWriter(
    fd: Int32,
    ownsDescriptor: Bool,
    name: String,
    mode: WriteMode,
    notice: (@Sendable (Int, String) -> [UInt8])? = nil
) throws(RunlogError) -> SinkWriter {
    switch mode {
    case .durable:
        return .durable(DurableWriter(fd: fd, ownsDescriptor: ownsDescriptor, name: name, notice: notice))
    case .buffered(let capacity):
        guard capacity >= 4096 else {
            if ownsDescriptor { close(fd) }
            throw RunlogError(
                .invalidOption,
                "buffered capacity \(capacity) is too small: use at least 4096 bytes (the default is 1 MiB)"
            )
        }
        return .buffered(
            BufferedWriter(fd: fd, ownsDescriptor: ownsDescriptor, name: name, capacity: capacity, notice: notice)
        )
    }
}
