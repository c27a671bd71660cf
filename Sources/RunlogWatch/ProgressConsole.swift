import Glibc
public import Runlog
import Synchronization

/// A console that shows a run's progress under its log lines: the logger's console sink, the tee's line
/// sink and the progress status in one place, so a line never lands in the middle of the status line.
///
/// On a terminal the status line (see ``ProgressRenderer``) stays at the bottom: each log or tee line
/// clears it, is written, and the status is drawn again, in one `write(2)`. Elsewhere records and lines are
/// written as they are, and progress comes out as a plain line every `interval` seconds through
/// `plainLine` (usually the logger's `info`).
///
/// ```swift
/// let console = ProgressConsole(total: maxSteps, isTerminal: isatty(1) == 1, colored: isatty(1) == 1) { text in
///     (try? getLogger())?.info(text)
/// }
/// var options = LoggerOptions()
/// options.console = false                 // the console sink is replaced by `console`
/// options.additionalSinks = [console]
/// try setupLogger(level: .info, logFile: "outputs/logs/rl.log", options: options)
/// supervisorOptions.lineSink = { stream, line in console.printLine(line, descriptor: stream == .standardError ? 2 : 1) }
/// console.update(step: 12, reward: 0.73)  // after each step
/// console.finish()                        // at the end of the run
/// ```
public final class ProgressConsole: LogSink {
    private struct State {
        var renderer: ProgressRenderer
        var statusShown = false
    }

    private let state: Mutex<State>
    private let format: LogFormat
    private let layout: TextLayout
    private let output: @Sendable (Int32, String) -> Void
    private let plainLine: @Sendable (String) -> Void

    /// Creates a console.
    ///
    /// - Parameters:
    ///   - total: The step count the run ends at.
    ///   - isTerminal: Whether standard output is a terminal (`isatty(STDOUT_FILENO) == 1`).
    ///   - width: The terminal's width in columns.
    ///   - interval: Seconds between plain progress lines when not on a terminal.
    ///   - colored: Whether log records are written with colour.
    ///   - layout: What records show besides time, level and message (as the logger's console would).
    ///   - output: Writes text to a descriptor; the default is one `write(2)`.
    ///   - plainLine: Receives each plain progress line when not on a terminal (log it at info).
    public init(
        total: Int,
        isTerminal: Bool,
        width: Int = 80,
        interval: Double = 10,
        colored: Bool,
        layout: TextLayout = TextLayout(),
        output: @escaping @Sendable (Int32, String) -> Void = ProgressConsole.write,
        plainLine: @escaping @Sendable (String) -> Void
    ) {
        let mode = ProgressRenderer.mode(isTerminal: isTerminal, width: width, interval: interval)
        state = Mutex(State(renderer: ProgressRenderer(total: total, mode: mode)))
        format = .text(colored: colored)
        self.layout = layout
        self.output = output
        self.plainLine = plainLine
    }

    /// Writes one record (as the logger's console sink would), keeping the status line below it.
    ///
    /// - Parameter record: The record.
    public func write(_ record: LogRecord) {
        let text = record.rendered(as: format, layout: layout)
        emit(text, descriptor: 1)
    }

    /// Nothing is buffered: every write is one `write(2)`.
    public func flush() {}

    /// Writes one console line (a tee'd rank line, without newline), keeping the status line below it.
    ///
    /// - Parameters:
    ///   - line: The line.
    ///   - descriptor: 1 for standard output, 2 for standard error.
    public func printLine(_ line: String, descriptor: Int32 = 1) {
        emit(line + "\n", descriptor: descriptor)
    }

    /// Records progress: redraws the status line on a terminal, or sends a plain line when one is due.
    ///
    /// - Parameters:
    ///   - step: Steps completed so far.
    ///   - reward: The latest mean reward, or nil when none is known yet.
    public func update(step: Int, reward: Double?) {
        let now = RunFollower.monotonicNow()
        let plain = state.withLock { state -> String? in
            switch state.renderer.update(step: step, reward: reward, at: now) {
            case .terminal(let bytes):
                state.statusShown = true
                output(1, bytes)
                return nil
            case .line(let text):
                return text
            case nil:
                return nil
            }
        }
        if let plain { plainLine(plain) }
    }

    /// Ends the status line (a terminal keeps the final status on its own line) or sends the final plain line.
    public func finish() {
        let plain = state.withLock { state -> String? in
            switch state.renderer.finish() {
            case .terminal(let bytes):
                if state.statusShown { output(1, bytes) }
                state.statusShown = false
                return nil
            case .line(let text):
                return text
            case nil:
                return nil
            }
        }
        if let plain { plainLine(plain) }
    }

    private func emit(_ text: String, descriptor: Int32) {
        state.withLock { state in
            guard state.statusShown else {
                output(descriptor, text)
                return
            }
            if descriptor == 1 {
                output(1, state.renderer.clearLine + text + state.renderer.redraw())
            } else {
                output(1, state.renderer.clearLine)
                output(descriptor, text)
                output(1, state.renderer.redraw())
            }
        }
    }

    /// Writes `text` to `descriptor` whole (retrying short writes; a closed console is ignored).
    @Sendable public static func write(_ descriptor: Int32, _ text: String) {
        _ = OutputWriter(descriptor: descriptor).write(text)
    }
}
