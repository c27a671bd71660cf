/// A logger's sinks as the log path calls them: the built-in text sinks with this logger's pre-rendered line
/// prefixes, called directly, and the sinks that take a ``LogRecord``.
///
/// `@unchecked Sendable`: everything is immutable after `init`, including the raw `text` storage.
final class SinkTargets: @unchecked Sendable {
    /// A built-in text sink: its writer, encoder and line prefixes.
    struct Text: @unchecked Sendable {
        // Unmanaged and unowned: `SinkTargets` keeps the writers (through `sinks`) and the prefixes alive, and
        // these references cost no reference counting on the log path.
        let writer: UnmanagedWriter
        let encoder: TextLineEncoder
        unowned(unsafe) let prefixes: LevelPrefixes
    }

    /// The text sinks, in the logger's order (raw memory: iterating it retains nothing).
    let text: UnsafeBufferPointer<Text>
    /// Whether `records` is not empty.
    let hasRecordSinks: Bool
    /// Sinks fed with records (JSON lines, sinks implemented elsewhere), in the logger's order.
    let records: ContiguousArray<any LogSink>
    /// The bound metadata, or nil when there is none (no line shows any).
    let metadata: [String: String]?
    /// Whether `metadata` is not nil (read on the log path without touching the dictionary).
    let hasMetadata: Bool
    /// Keeps what `text` refers to alive.
    private let sinks: [any LogSink]
    private let prefixTables: [LevelPrefixes]

    /// The targets for a logger with `tag`, `rank` and `metadata` writing to `sinks`.
    init(sinks: [any LogSink], tag: String?, rank: RankContext, metadata: [String: String]) {
        var text = ContiguousArray<Text>()
        var records = ContiguousArray<any LogSink>()
        var tables: [LevelPrefixes] = []
        for sink in sinks {
            if let channel = (sink as? any ChannelSink)?.channel, let encoder = channel.textEncoder {
                let prefixes = LevelPrefixes(encoder: encoder, rank: rank, tag: tag)
                tables.append(prefixes)
                text.append(Text(writer: UnmanagedWriter(channel.writer), encoder: encoder, prefixes: prefixes))
            } else {
                records.append(sink)
            }
        }
        let storage = UnsafeMutableBufferPointer<Text>.allocate(capacity: text.count)
        _ = storage.initialize(from: text)
        self.text = UnsafeBufferPointer(storage)
        self.records = records
        self.hasRecordSinks = !records.isEmpty
        self.metadata = metadata.isEmpty ? nil : metadata
        self.hasMetadata = !metadata.isEmpty
        self.sinks = sinks
        self.prefixTables = tables
    }

    /// The same targets with other metadata (for ``RunlogLogger/bind(_:)``).
    init(_ other: SinkTargets, metadata: [String: String]) {
        let storage = UnsafeMutableBufferPointer<Text>.allocate(capacity: other.text.count)
        _ = storage.initialize(from: other.text)
        text = UnsafeBufferPointer(storage)
        records = other.records
        hasRecordSinks = other.hasRecordSinks
        self.metadata = metadata.isEmpty ? nil : metadata
        hasMetadata = !metadata.isEmpty
        sinks = other.sinks
        prefixTables = other.prefixTables
    }

    deinit {
        text.deallocate()
    }
}
