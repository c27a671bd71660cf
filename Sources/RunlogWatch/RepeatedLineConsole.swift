import Dispatch
import Synchronization

/// A console line sink that collapses the same line tee'd from several ranks (for a rank launcher).
///
/// Lines arrive with their tee prefix (`[default3]:text`); the prefix names the source and the text
/// after it is compared (numbers and hex ids masked, see ``LineMask``). Lines are held for `window`
/// seconds; the same text from other ranks within the window joins the first one, which is then written
/// once with ` [repeated 4x across ranks]`. Lines of one rank are never merged, each stream is collapsed
/// on its own, and order is kept. A timer writes held lines when their window ends; call ``flush()``
/// before the process exits so that nothing held is lost.
///
/// ```swift
/// let console = RepeatedLineConsole<ConsoleStream>(enabled: !noDedup) { stream, line in
///     ConsoleWriter.write(stream, line)
/// }
/// options.lineSink = { stream, line in console.submit(stream, line) }
/// // ... when supervision has ended:
/// console.flush()
/// ```
public final class RepeatedLineConsole<Stream: Hashable & Sendable>: Sendable {
    private struct State {
        var collapsers: [Stream: RepeatedLineCollapser<String>] = [:]
        var timerScheduled = false
    }

    private let state = Mutex(State())
    private let window: Double
    private let isEnabled: Bool
    private let noun: String
    private let write: @Sendable (Stream, String) -> Void
    private let queue = DispatchQueue(label: "runlog.repeated-line-console")

    /// Creates a sink.
    ///
    /// - Parameters:
    ///   - window: Seconds a line waits for the same line from other ranks (the added console latency).
    ///   - enabled: False (from a `--no-dedup` flag, or ``RepeatedLineCollapser/isDisabled(by:)`` with
    ///     `RUNLOG_NO_DEDUP`) writes every line at once.
    ///   - noun: What the sources are, for the suffix: `ranks`, `workers`.
    ///   - write: Writes one finished line (no newline) to a stream; called with an internal lock held, so
    ///     lines never interleave.
    public init(
        window: Double = 0.2,
        enabled: Bool = true,
        noun: String = "ranks",
        write: @escaping @Sendable (Stream, String) -> Void
    ) {
        self.window = window
        self.isEnabled = enabled && window > 0
        self.noun = noun
        self.write = write
    }

    /// Takes one tee'd line (prefix included, no newline).
    ///
    /// - Parameters:
    ///   - stream: The stream it goes to (lines of different streams never merge).
    ///   - line: The line as the tee would print it, for example `[default0]:loading shard 3`.
    public func submit(_ stream: Stream, _ line: String) {
        guard isEnabled else {
            state.withLock { _ in write(stream, line) }
            return
        }
        let (source, text) = Self.split(line)
        let now = RunFollower.monotonicNow()
        let needsTimer = state.withLock { state -> Bool in
            // Mutated in place through the subscript: a copy taken out of the dictionary would copy every
            // held line on each submit, which made a fast tee quadratic.
            let ready = state.collapsers[stream, default: RepeatedLineCollapser(window: window)]
                .submit(line, source: source, line: text, at: now)
            for item in ready { write(stream, item.payload + item.suffix(noun: noun)) }
            guard !state.timerScheduled else { return false }
            state.timerScheduled = true
            return true
        }
        if needsTimer { schedule(after: window) }
    }

    /// Writes every held line now (call when the tee ends, before exiting).
    public func flush() {
        state.withLock { state in
            for stream in Array(state.collapsers.keys) {
                let ready = state.collapsers[stream]?.drain() ?? []
                for item in ready { write(stream, item.payload + item.suffix(noun: noun)) }
            }
        }
    }

    private func schedule(after seconds: Double) {
        queue.asyncAfter(deadline: .now() + max(0.001, seconds)) { [self] in
            let next = state.withLock { state -> Double? in
                let now = RunFollower.monotonicNow()
                var earliest: Double?
                for stream in Array(state.collapsers.keys) {
                    let ready = state.collapsers[stream]?.flush(at: now) ?? []
                    for item in ready { write(stream, item.payload + item.suffix(noun: noun)) }
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

    /// `[default3]:text` is source `default3` saying `text`; a line without a tee prefix is its own source's.
    static func split(_ line: String) -> (source: String, text: String) {
        let text = ConsoleEchoFilter.removingTeePrefix(line)
        guard text.utf8.count != line.utf8.count, let close = line.firstIndex(of: "]") else { return ("", line) }
        return (String(line[line.index(after: line.startIndex)..<close]), text)
    }
}
