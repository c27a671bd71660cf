import Glibc
import Synchronization

/// Writes console lines whole: one `write(2)` per line or per batch of lines (under a lock, so lines of
/// different children never interleave inside a line).
enum ConsoleWriter {
    private static let lock = Mutex(())

    @Sendable static func write(_ stream: ConsoleStream, _ line: String) {
        var bytes = Array(line.utf8)
        bytes.append(0x0A)
        let fd: Int32 = stream == .standardOutput ? 1 : 2
        lock.withLock { _ in
            writeAll(fd, bytes)
        }
    }

    /// Writes a batch of whole lines with one `write(2)` (more only when the console takes part of it).
    @Sendable static func write(_ lines: ConsoleLines) {
        let fd: Int32 = lines.stream == .standardOutput ? 1 : 2
        lock.withLock { _ in
            writeAll(fd, lines.bytes)
        }
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
