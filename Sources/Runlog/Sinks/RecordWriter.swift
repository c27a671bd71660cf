import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Hands encoded records to a file descriptor: either one `write(2)` per record (``DurableWriter``) or via a
/// background thread (``BufferedWriter``).
protocol RecordWriter: AnyObject, Sendable {
    /// Encodes one record with `encode` and writes it.
    func write(_ encode: (inout [UInt8]) -> Void)
    /// Writes everything accepted so far before returning.
    func flush()
    /// The memory the flight recorder reads for this writer.
    var slot: RecorderSlot { get }
    /// Log lines that could not be written (see ``WriteFailureTracker``).
    var failedWrites: Int { get }
    /// Pre-renders the final lines and registers the slot with the flight recorder if not yet registered.
    func armFlightRecorder(encoder: RecordEncoder, tag: String?, rank: RankContext)
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
) throws(RunlogError)
    -> any RecordWriter
{
    switch mode {
    case .durable:
        return DurableWriter(fd: fd, ownsDescriptor: ownsDescriptor, name: name, notice: notice)
    case .buffered(let capacity):
        guard capacity >= 4096 else {
            if ownsDescriptor { close(fd) }
            throw RunlogError(
                .invalidOption,
                "buffered capacity \(capacity) is too small: use at least 4096 bytes (the default is 1 MiB)"
            )
        }
        return BufferedWriter(
            fd: fd,
            ownsDescriptor: ownsDescriptor,
            name: name,
            capacity: capacity,
            notice: notice
        )
    }
}
