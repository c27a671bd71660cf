#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A `TextOutputStream` over a `FILE*` with a 64 KiB buffer, for swift-log's `StreamLogHandler`.
struct FileStream: TextOutputStream, @unchecked Sendable {
    let file: UnsafeMutablePointer<FILE>

    mutating func write(_ string: String) {
        var text = string
        text.withUTF8 { bytes in _ = fwrite(bytes.baseAddress, 1, bytes.count, file) }
    }
}
