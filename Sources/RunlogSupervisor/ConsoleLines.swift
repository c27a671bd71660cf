#if canImport(Glibc)
import Glibc
#endif

/// Whole tee'd console lines from one stream of one child, as bytes ready to print: each line is the
/// child's prefix, the neutralised text and `\n`. Handed to ``SupervisorOptions/consoleSink``; the bytes
/// are only valid during that call (the supervisor reuses the buffer).
///
/// ```swift
/// options.consoleSink = { lines in
///     lines.forEachLine { line in print(String(decoding: line.dropFirst(lines.prefixLength), as: UTF8.self)) }
/// }
/// ```
public struct ConsoleLines {
    /// The stream the lines are printed to.
    public let stream: ConsoleStream
    /// The name of the child that wrote them (``ChildSpec/name``, for example `default3`).
    public let source: String
    /// How many bytes at the start of every line are the child's line prefix (for example `[default3]:`).
    public let prefixLength: Int
    /// The lines, each ending with `\n`; valid only while the sink runs.
    public let bytes: UnsafeRawBufferPointer
    /// Whether the default sink may hold back an unaligned tail of the batch (see ``AlignedConsoleFile``):
    /// only for batches the supervisor's loop reads itself, because only the loop writes what is held
    /// before it waits, reports an event or ends. Batches made by others (a custom sink, its timer) are
    /// written whole.
    let mayHoldTail: Bool

    /// Creates a batch (the supervisor makes them; tests and custom sinks may too).
    ///
    /// - Parameters:
    ///   - stream: Where the lines go.
    ///   - source: The child's name.
    ///   - prefixLength: Bytes of line prefix at the start of every line.
    ///   - bytes: Whole lines, each ending with `\n`.
    public init(stream: ConsoleStream, source: String, prefixLength: Int, bytes: UnsafeRawBufferPointer) {
        self.init(stream: stream, source: source, prefixLength: prefixLength, bytes: bytes, mayHoldTail: false)
    }

    /// A batch read by the supervisor's loop, which may let the default sink hold back its tail.
    init(stream: ConsoleStream, source: String, prefixLength: Int, bytes: UnsafeRawBufferPointer, mayHoldTail: Bool) {
        self.stream = stream
        self.source = source
        self.prefixLength = prefixLength
        self.bytes = bytes
        self.mayHoldTail = mayHoldTail
    }

    /// Calls `body` with each line, prefix included, without its `\n`.
    ///
    /// - Parameter body: Receives one line; the view is valid only during the call.
    public func forEachLine(_ body: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        guard let base = bytes.baseAddress else { return }
        var start = 0
        while start < bytes.count {
            let end = Self.lineEnd(base, from: start, count: bytes.count)
            try body(UnsafeRawBufferPointer(start: base + start, count: end - start))
            start = end + 1
        }
    }

    /// The index of the next `\n` at or after `start`, or `count` when there is none (memchr's speed).
    static func lineEnd(_ base: UnsafeRawPointer, from start: Int, count: Int) -> Int {
        guard let found = memchr(base + start, 0x0A, count - start) else { return count }
        return UnsafeRawPointer(found) - base
    }
}
