/// A destination for records. Sinks are shared by a logger and every logger bound from it, and are called
/// from many threads at once.
///
/// Implement this to send records somewhere Runlog does not know about (tests use it to capture records).
///
/// ```swift
/// final class Capture: LogSink {
///     let records = Mutex<[LogRecord]>([])
///     func write(_ record: LogRecord) { records.withLock { $0.append(record) } }
///     func flush() {}
/// }
/// ```
public protocol LogSink: AnyObject, Sendable {
    /// Writes one record. Called concurrently; must not reorder one thread's records.
    ///
    /// - Parameter record: The record, already filtered by level.
    func write(_ record: LogRecord)

    /// Makes everything written so far reach its destination (for a file: the kernel) before returning.
    func flush()
}

/// How a sink hands bytes to the kernel.
public enum WriteMode: Sendable, Equatable {
    /// Each record is one `write(2)` before the log call returns: nothing is lost if the process dies, and
    /// any number of threads and processes can append to one file without torn lines.
    case durable
    /// Records are copied into a bounded in-memory buffer of `capacity` bytes that a background thread
    /// writes at least every 100 ms, on `flush()`, at exit, on SIGTERM/SIGINT/SIGHUP, and (flight recorder) on a
    /// fatal signal. A logging thread that finds the buffer full waits for the writer: nothing is dropped.
    case buffered(capacity: Int)

    /// Buffered mode with a 1 MiB buffer.
    public static let buffered = WriteMode.buffered(capacity: 1 << 20)
}

/// Whether a console sink writes colour.
public enum ColorMode: Sendable, Equatable {
    /// Colour when the stream is a terminal or `FORCE_COLOR` is set, never when `NO_COLOR` is set.
    case automatic
    /// Colour unless `NO_COLOR` is set.
    case always
    /// No colour.
    case never

    /// Whether output to `descriptor` is coloured under this mode and the environment's `NO_COLOR` and
    /// `FORCE_COLOR`, for programs that draw their own console next to the logger's.
    ///
    /// - Parameter descriptor: The file descriptor written to, for example `STDOUT_FILENO`.
    /// - Returns: True when colour escape sequences should be written.
    public func isColored(descriptor: Int32) -> Bool {
        ConsoleSink.decideColor(self, fd: descriptor)
    }
}
