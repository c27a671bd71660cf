/// The seven line prefixes (one per level) a logger's records have in one text sink, rendered once when the
/// logger is made: colour, right-aligned level, `[rank N]` and `[tag]` do not change from record to record.
///
/// Immutable after `init`, hence `@unchecked Sendable` despite the raw storage.
final class LevelPrefixes: @unchecked Sendable {
    /// All prefixes back to back.
    private let storage: UnsafeMutablePointer<UInt8>
    /// Where each level's prefix starts in `storage`; entry 7 is the end.
    private let offsets: UnsafeMutablePointer<Int>

    /// Renders the prefixes of `encoder` for a logger with `tag` and `rank`.
    init(encoder: TextLineEncoder, rank: RankContext, tag: String?) {
        let prefixes = LogLevel.allCases.map { encoder.prefix(level: $0, rank: rank, tag: tag, label: nil) }
        let total = prefixes.reduce(0) { $0 + $1.count }
        storage = .allocate(capacity: max(total, 1))
        offsets = .allocate(capacity: prefixes.count + 1)
        var offset = 0
        for (index, prefix) in prefixes.enumerated() {
            offsets[index] = offset
            prefix.withUnsafeBufferPointer { (storage + offset).initialize(from: $0.baseAddress!, count: $0.count) }
            offset += prefix.count
        }
        offsets[prefixes.count] = offset
    }

    deinit {
        storage.deallocate()
        offsets.deallocate()
    }

    /// The prefix of `level`.
    @inline(__always)
    subscript(level: LogLevel) -> UnsafeBufferPointer<UInt8> {
        let start = offsets[level.rawValue]
        return UnsafeBufferPointer(start: storage + start, count: offsets[level.rawValue &+ 1] &- start)
    }
}
