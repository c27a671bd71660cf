import Glibc
import Synchronization

/// Writes console lines whole: one `write(2)` per line or per batch of lines (under a lock, so lines of
/// different children never interleave inside a line). A busy tee's batches to a console that is a
/// regular file end on 64 KiB boundaries (see ``AlignedConsoleFile``).
enum ConsoleWriter {
    private struct Streams {
        var output = AlignedConsoleFile(fd: 1)
        var error = AlignedConsoleFile(fd: 2)

        mutating func flush() {
            output.flush()
            error.flush()
        }
    }

    private static let streams = Mutex(Streams())

    @Sendable static func write(_ stream: ConsoleStream, _ line: String) {
        var bytes = Array(line.utf8)
        bytes.append(0x0A)
        streams.withLock { streams in
            streams.flush()  // what earlier batches left comes first
            writeAll(stream == .standardOutput ? 1 : 2, bytes)
        }
    }

    /// Writes a batch of whole lines with one `write(2)` (more only when the console takes part of it),
    /// or, for a large batch the supervisor's loop read to a regular file, all of it up to its last 64 KiB
    /// boundary.
    @Sendable static func write(_ lines: ConsoleLines) {
        streams.withLock { streams in
            if lines.stream == .standardOutput {
                streams.output.write(lines.bytes, mayHoldTail: lines.mayHoldTail)
            } else {
                streams.error.write(lines.bytes, mayHoldTail: lines.mayHoldTail)
            }
        }
    }

    /// Writes what large batches left held: the supervisor calls this before it waits longer than its
    /// batch interval, reports an event, or finishes, so a held line is never late by more than that.
    static func flushHeld() {
        streams.withLock { $0.flush() }
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { writeAll(fd, $0) }
    }

    static func writeAll(_ fd: Int32, _ raw: UnsafeRawBufferPointer) {
        guard let base = raw.baseAddress else { return }
        var offset = 0
        while offset < raw.count {
            let written = Glibc.write(fd, base + offset, raw.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return  // a closed console must not stop supervision
            }
            offset += written
        }
    }
}
