#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a sink renders records.
public enum LogFormat: Sendable, Equatable {
    /// prime-rl's line: `HH:mm:ss  LEVEL [tag] message`, with loguru's colours when `colored`.
    case text(colored: Bool)
    /// One JSON object per line (`ts`, `level`, `message`, `tag`, `file`, `function`, `line`, `pid`,
    /// `rank` when known, `metadata`), ready for jq or Loki.
    case jsonLines
}

/// What the text format shows besides time, level and message.
public struct TextLayout: Sendable, Equatable {
    /// Append ` [file::line]` to every line (on when the logger's level is debug or trace).
    public var showsLocation: Bool
    /// Append bound metadata as ` key=value` pairs, sorted by key.
    public var showsMetadata: Bool
    /// Show `[rank N]` after the level when the rank is known.
    public var showsRank: Bool

    /// Creates a layout.
    ///
    /// - Parameters:
    ///   - showsLocation: Append ` [file::line]`.
    ///   - showsMetadata: Append ` key=value` metadata.
    ///   - showsRank: Show `[rank N]` when known.
    public init(showsLocation: Bool = false, showsMetadata: Bool = true, showsRank: Bool = false) {
        self.showsLocation = showsLocation
        self.showsMetadata = showsMetadata
        self.showsRank = showsRank
    }
}

extension LogRecord {
    /// The record as a sink writing `format` would write it, including the final newline.
    ///
    /// - Parameters:
    ///   - format: Text (with or without colour) or JSON lines.
    ///   - layout: What the text format shows besides time, level and message.
    /// - Returns: The rendered line(s).
    public func rendered(as format: LogFormat, layout: TextLayout = TextLayout()) -> String {
        var bytes: [UInt8] = []
        RecordEncoder(format: format, layout: layout, pid: getpid()).encode(self, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Encodes records in one ``LogFormat`` into bytes, each record ending in a newline.
struct RecordEncoder: Sendable {
    let format: LogFormat
    let layout: TextLayout
    let pid: Int32

    func encode<Output: LineOutput>(_ record: LogRecord, into output: inout Output) {
        switch format {
        case .text(let colored):
            TextLineEncoder(colored: colored, layout: layout).encode(record, into: &output)
        case .jsonLines:
            var bytes: [UInt8] = []
            JSONLineEncoder(pid: pid).encode(record, into: &bytes)
            bytes.withUnsafeBufferPointer { output.appendBytes($0) }
        }
    }

    /// The text encoder, or nil for JSON lines.
    var textEncoder: TextLineEncoder? {
        if case .text(let colored) = format { return TextLineEncoder(colored: colored, layout: layout) }
        return nil
    }
}
