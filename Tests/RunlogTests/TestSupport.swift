import Foundation
import Runlog
import Synchronization

/// A sink that keeps every record in memory, for assertions.
final class CaptureSink: LogSink {
    private let storage = Mutex<[LogRecord]>([])

    var records: [LogRecord] { storage.withLock { $0 } }

    func write(_ record: LogRecord) { storage.withLock { $0.append(record) } }

    func flush() {}
}

/// Options that write only to files (tests must not flood the test runner's stdout).
func fileOnlyOptions(color: Bool = false) -> LoggerOptions {
    LoggerOptions(console: false, fileColor: color)
}

/// Matches a plain text record line `HH:mm:ss  LEVEL [tag] message`.
func isPlainRecordLine(_ line: Substring, level: String, tag: String, message: String) -> Bool {
    let bytes = Array(line.utf8)
    guard bytes.count > 9 else { return false }
    for index in [0, 1, 3, 4, 6, 7] where !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
        return false
    }
    guard bytes[2] == UInt8(ascii: ":"), bytes[5] == UInt8(ascii: ":") else { return false }
    let padded = String(repeating: " ", count: max(0, 7 - level.count)) + level
    return line.dropFirst(8) == " \(padded) [\(tag)] \(message)"
}
