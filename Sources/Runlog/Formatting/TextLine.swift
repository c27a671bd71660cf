/// A record on the logger's fast path: the message bytes and the pre-rendered prefix, borrowed for one call.
///
/// Only trivial fields: passing it down to the writer costs no reference counting and no outlined copy or
/// destroy. Lines that show bound metadata or the call site go through ``DetailedTextLine`` instead.
struct TextLine: EncodableLine {
    let encoder: TextLineEncoder
    let seconds: Int
    let level: LogLevel
    let prefix: UnsafeBufferPointer<UInt8>
    let message: UnsafeBufferPointer<UInt8>

    @inline(__always)
    func encode<Output: LineOutput>(into output: inout Output) {
        encoder.encodeLine(seconds: seconds, level: level, prefix: prefix, message: message, into: &output)
    }
}

/// A fast-path record whose sink also shows bound metadata or the call site (` key=value`, ` [file::line]`).
struct DetailedTextLine: EncodableLine {
    let encoder: TextLineEncoder
    let seconds: Int
    let level: LogLevel
    let prefix: UnsafeBufferPointer<UInt8>
    let message: UnsafeBufferPointer<UInt8>
    let metadata: [String: String]?
    let file: String?
    let line: UInt

    func encode<Output: LineOutput>(into output: inout Output) {
        encoder.encode(
            seconds: seconds,
            level: level,
            prefix: prefix,
            message: message,
            metadata: metadata,
            file: file,
            line: line,
            into: &output
        )
    }
}
