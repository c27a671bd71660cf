import Dispatch
import Glibc
import Synchronization

/// A console line sink that deduplicates the same line tee'd from several ranks (for a rank launcher),
/// the way Ray does.
///
/// Lines arrive with their tee prefix (`[default3]:text`); the text after the prefix is compared
/// (numbers and hex ids masked, see ``LineMask``). The first copy of a line is written at once, so
/// deduplication adds no latency. The same text from other ranks within `window` seconds is only
/// counted; when the window ends, if anyone repeated it, the first copy is written again with
/// ` [repeated 4x across ranks]`. Lines of one rank are never merged, each stream is deduplicated on its
/// own, and lines keep their order. A timer writes the summaries; call ``flush()`` before the process
/// exits so that no count is lost.
///
/// ```swift
/// var options = SupervisorOptions()
/// let direct = options.consoleSink!  // one write(2) per batch
/// let console = RepeatedLineConsole<ConsoleStream>(enabled: !noDedup) { stream, bytes in
///     direct(ConsoleLines(stream: stream, source: "", prefixLength: 0, bytes: bytes))
/// }
/// options.consoleSink = { lines in
///     console.submit(lines.stream, source: lines.source, prefixLength: lines.prefixLength, lines: lines.bytes)
/// }
/// // ... when supervision has ended:
/// console.flush()
/// ```
public final class RepeatedLineConsole<Stream: Hashable & Sendable>: Sendable {
    private enum Writer {
        case lines(@Sendable (Stream, String) -> Void)
        case bytes(@Sendable (Stream, UnsafeRawBufferPointer) -> Void)
    }

    private struct State {
        /// The payload of a group is its first line, prefix included, without `\n`.
        var collapsers: [Stream: RepeatedLineCollapser<[UInt8]>] = [:]
        var timerScheduled = false
        /// Reused from batch to batch.
        var output: [UInt8] = []
    }

    private let state = Mutex(State())
    private let window: Double
    private let isEnabled: Bool
    private let noun: String
    private let writer: Writer
    private let queue = DispatchQueue(label: "runlog.repeated-line-console")

    /// Creates a sink that writes bytes: a batch of whole lines, each ending with `\n`, per call.
    ///
    /// - Parameters:
    ///   - window: Seconds during which the same line from other ranks is counted rather than written.
    ///   - enabled: False (from a `--no-dedup` flag, or ``RepeatedLineCollapser/isDisabled(by:)`` with
    ///     `RUNLOG_NO_DEDUP`) writes every line as it comes.
    ///   - noun: What the sources are, for the suffix: `ranks`, `workers`.
    ///   - write: Writes whole lines to a stream; called with an internal lock held, so lines never
    ///     interleave. The bytes are valid only during the call.
    public init(
        window: Double = 0.2,
        enabled: Bool = true,
        noun: String = "ranks",
        writeBytes write: @escaping @Sendable (Stream, UnsafeRawBufferPointer) -> Void
    ) {
        self.window = window
        self.isEnabled = enabled && window > 0
        self.noun = noun
        self.writer = .bytes(write)
    }

    /// Creates a sink that writes one line (no newline) per call.
    ///
    /// - Parameters:
    ///   - window: Seconds during which the same line from other ranks is counted rather than written.
    ///   - enabled: False writes every line as it comes.
    ///   - noun: What the sources are, for the suffix: `ranks`, `workers`.
    ///   - write: Writes one finished line (no newline) to a stream; called with an internal lock held.
    public init(
        window: Double = 0.2,
        enabled: Bool = true,
        noun: String = "ranks",
        write: @escaping @Sendable (Stream, String) -> Void
    ) {
        self.window = window
        self.isEnabled = enabled && window > 0
        self.noun = noun
        self.writer = .lines(write)
    }

    /// Takes one tee'd line (prefix included, no newline).
    ///
    /// - Parameters:
    ///   - stream: The stream it goes to (lines of different streams never merge).
    ///   - line: The line as the tee would print it, for example `[default0]:loading shard 3`.
    public func submit(_ stream: Stream, _ line: String) {
        let (source, text) = Self.split(line)
        let bytes = Array(line.utf8) + [0x0A]
        bytes.withUnsafeBytes { raw in
            submit(stream, source: source, prefixLength: raw.count - 1 - text.utf8.count, lines: raw)
        }
    }

    /// Takes a batch of tee'd lines of one rank: the rank launcher's path, with no `String` per line.
    ///
    /// - Parameters:
    ///   - stream: The stream they go to.
    ///   - source: Who wrote them (the rank's name); lines of one source never merge.
    ///   - prefixLength: Bytes of tee prefix at the start of every line, left out of the comparison.
    ///   - lines: Whole lines, each ending with `\n`.
    public func submit(_ stream: Stream, source: String, prefixLength: Int, lines: UnsafeRawBufferPointer) {
        guard isEnabled else {
            state.withLock { _ in write(stream, lines) }
            return
        }
        let now = RunFollower.monotonicNow()
        let needsTimer = state.withLock { state -> Bool in
            // Collapsers are mutated in place through the subscript: a copy taken out of the dictionary
            // would copy every open group on each batch.
            var output = state.output
            state.output = []
            output.removeAll(keepingCapacity: true)
            for summary in state.collapsers[stream, default: makeCollapser()].flush(at: now) {
                append(summary, to: &output)
            }
            // Every line of the batch is admitted at `now`, after the flush above, so none releases a
            // group; `released` stays empty and is only a safety net.
            var released: [RepeatedLineCollapser<[UInt8]>.Output] = []
            var start = 0
            while let line = Self.line(in: lines, from: &start) {
                let text = UnsafeRawBufferPointer(rebasing: line[min(prefixLength, line.count)...])
                let lineKey = LineMask.key(ofNeutralized: text)
                let joined = state.collapsers[stream, default: makeCollapser()]
                    .join(source: source, key: lineKey, at: now, released: &released)
                if !joined {
                    state.collapsers[stream, default: makeCollapser()]
                        .open(Array(line), source: source, key: lineKey, at: now)
                    output.append(contentsOf: line)
                    output.append(0x0A)
                }
            }
            for summary in released { append(summary, to: &output) }
            output.withUnsafeBytes { write(stream, $0) }
            state.output = output
            guard !state.timerScheduled else { return false }
            state.timerScheduled = true
            return true
        }
        if needsTimer { schedule(after: window) }
    }

    /// Writes the summaries of every open line now (call when the tee ends, before exiting).
    public func flush() {
        state.withLock { state in
            for stream in Array(state.collapsers.keys) {
                writeSummaries(state.collapsers[stream]?.drain() ?? [], to: stream)
            }
        }
    }

    private func makeCollapser() -> RepeatedLineCollapser<[UInt8]> {
        RepeatedLineCollapser(window: window, style: .printFirstAtOnce)
    }

    private func schedule(after seconds: Double) {
        // Not sooner than a quarter window: a fast rank opens a group per line, and a timer per group
        // cost more than the lines. A summary is at most that much later than its window's end.
        queue.asyncAfter(deadline: .now() + max(0.001, window / 4, seconds)) { [self] in
            let next = state.withLock { state -> Double? in
                let now = RunFollower.monotonicNow()
                var earliest: Double?
                for stream in Array(state.collapsers.keys) {
                    writeSummaries(state.collapsers[stream]?.flush(at: now) ?? [], to: stream)
                    if let deadline = state.collapsers[stream]?.nextDeadline {
                        earliest = min(earliest ?? deadline, deadline)
                    }
                }
                state.timerScheduled = earliest != nil
                return earliest.map { $0 - now }
            }
            if let next { schedule(after: next) }
        }
    }

    private func writeSummaries(_ summaries: [RepeatedLineCollapser<[UInt8]>.Output], to stream: Stream) {
        guard !summaries.isEmpty else { return }
        var output: [UInt8] = []
        for summary in summaries { append(summary, to: &output) }
        output.withUnsafeBytes { write(stream, $0) }
    }

    private func append(_ summary: RepeatedLineCollapser<[UInt8]>.Output, to output: inout [UInt8]) {
        output.append(contentsOf: summary.payload)
        output.append(contentsOf: summary.suffix(noun: noun).utf8)
        output.append(0x0A)
    }

    private func write(_ stream: Stream, _ bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty else { return }
        switch writer {
        case .bytes(let write):
            write(stream, bytes)
        case .lines(let write):
            Self.forEachLine(bytes) { write(stream, String(decoding: $0, as: UTF8.self)) }
        }
    }

    /// Calls `body` with each `\n`-terminated line of `bytes`, without its `\n`.
    private static func forEachLine(_ bytes: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> Void) {
        var start = 0
        while let line = line(in: bytes, from: &start) { body(line) }
    }

    /// The line of `bytes` that starts at `start` (without its `\n`), moving `start` past it; nil at the end.
    private static func line(in bytes: UnsafeRawBufferPointer, from start: inout Int) -> UnsafeRawBufferPointer? {
        guard let base = bytes.baseAddress, start < bytes.count else { return nil }
        var end = bytes.count
        if let found = memchr(base + start, 0x0A, bytes.count - start) {
            end = UnsafeRawPointer(found) - base
        }
        defer { start = end + 1 }
        return UnsafeRawBufferPointer(start: base + start, count: end - start)
    }

    /// `[default3]:text` is source `default3` saying `text`; a line without a tee prefix is its own source's.
    static func split(_ line: String) -> (source: String, text: String) {
        let text = ConsoleEchoFilter.removingTeePrefix(line)
        guard text.utf8.count != line.utf8.count, let close = line.firstIndex(of: "]") else { return ("", line) }
        return (String(line[line.index(after: line.startIndex)..<close]), text)
    }
}
