import Foundation
import Runlog
import RunlogSupervisor
import RunlogWatch

/// The run's progress on rl's console: a status line kept under the log on a terminal (step / total,
/// reward, steps per second, ETA), plain periodic progress lines elsewhere so CI logs stay readable.
///
/// Steps come from trainer rank 0's tee'd step lines as they reach the console; the reward from the
/// orchestrator's latest step line, read from the end of its log file at each trainer step.
struct RunProgress: Sendable {
    /// The console that the logger and the tee write through (it keeps the status line below them).
    let console: ProgressConsole
    /// Where the console's text goes: a writer thread, so a console nobody reads cannot stall the run.
    private let output: ConsoleOutputQueue
    private let orchestratorLog: String

    /// Creates the progress console for a run.
    /// - Parameters:
    ///   - totalSteps: The step count the run ends at.
    ///   - level: rl's log level (debug and below show record locations, as the logger's console would).
    ///   - orchestratorLog: The orchestrator's log file, where step rewards are read.
    init(totalSteps: Int, level: LogLevel, orchestratorLog: String) {
        let output = ConsoleOutputQueue()
        self.output = output
        console = ProgressConsole(
            total: totalSteps,
            isTerminal: isatty(STDOUT_FILENO) == 1,
            width: Self.terminalWidth(),
            colored: ColorMode.automatic.isColored(descriptor: STDOUT_FILENO),
            layout: TextLayout(showsLocation: level <= .debug),
            output: { descriptor, text in output.enqueue(descriptor, text) }
        ) { text in
            (try? getLogger())?.info(text)
        }
        self.orchestratorLog = orchestratorLog
    }

    /// Prints one tee'd console line and, when it is a trainer step line, advances the progress.
    /// - Parameters:
    ///   - line: The line as the rank launcher printed it, e.g. `[default0]:21:07:04 SUCCESS Step 3 | Loss: ...`.
    ///   - stream: The stream it came on.
    func show(_ line: String, stream: ConsoleStream) {
        console.printLine(line, descriptor: stream == .standardError ? 2 : 1)
        guard let step = StepLine(Self.withoutTeePrefix(ANSIText.plain(line))) else { return }
        console.update(step: step.step, reward: RunReport.read(orchestratorLog: orchestratorLog)?.finalReward)
    }

    /// Ends the status line; call once when the run has ended, before the summary.
    func finish() {
        console.finish()
    }

    /// Gives the console up to `timeout` seconds to take what is still queued; call last, before exiting.
    ///
    /// - Parameter timeout: Seconds to wait; a console nobody reads keeps the rest (the files have it).
    func drainConsole(timeout: TimeInterval) {
        output.drain(timeout: timeout)
    }

    /// The text after a rank launcher's `[role0]:` prefix, or the line itself when it has none.
    static func withoutTeePrefix(_ line: String) -> String {
        guard line.hasPrefix("["), let end = line.range(of: "]:") else { return line }
        return String(line[end.upperBound...])
    }

    private static func terminalWidth() -> Int {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }
}
