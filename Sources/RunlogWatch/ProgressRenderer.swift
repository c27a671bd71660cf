import Foundation

/// Shows a run's progress (step / total, reward, steps per second, ETA) on a console.
///
/// On a terminal it keeps one live status line at the bottom, redrawn at most ten times a second; when
/// output goes to a file or CI log it produces a plain line every `interval` seconds instead, so logs stay
/// readable. It does no I/O and reads no clock: the caller passes the time and writes what it returns.
///
/// ```swift
/// var progress = ProgressRenderer(total: 100, mode: ProgressRenderer.mode(isTerminal: isatty(1) == 1))
/// if let output = progress.update(step: 12, reward: 0.73, at: now) {
///     switch output {
///     case .terminal(let bytes): write(bytes)                  // the redrawn status line
///     case .line(let text): logger.info(text)                  // "step 12/100 (12%), reward 0.730, ..."
///     }
/// }
/// // Before printing a log line on a terminal: write(progress.clearLine), the line, then progress.redraw().
/// ```
public struct ProgressRenderer: Sendable {
    /// How progress is shown.
    public enum Mode: Sendable, Equatable {
        /// A status line redrawn in place, fitted to `width` columns.
        case live(width: Int)
        /// A plain line at most every `interval` seconds (and at the first and last step).
        case plain(interval: Double)
    }

    /// What to write for an update.
    public enum Output: Sendable, Equatable {
        /// Bytes for the terminal, written as they are: carriage return, clear line, status (no newline).
        case terminal(String)
        /// One plain line (without newline), to log or print.
        case line(String)
    }

    /// The step count the run ends at.
    public let total: Int
    /// How progress is shown.
    public let mode: Mode
    private var step = 0
    private var reward: Double?
    private var samples: [(time: Double, step: Int)] = []
    private var lastDraw: Double?
    private var lastPlainStep: Int?

    /// Seconds of history the steps-per-second rate is measured over.
    private static let rateWindow = 30.0
    /// Seconds between two redraws of the live line.
    private static let redrawInterval = 0.1

    /// Creates a renderer.
    ///
    /// - Parameters:
    ///   - total: The step count the run ends at (at least 1).
    ///   - mode: ``Mode/live(width:)`` on a terminal, ``Mode/plain(interval:)`` otherwise; see ``mode(isTerminal:width:interval:)``.
    public init(total: Int, mode: Mode) {
        self.total = max(1, total)
        self.mode = mode
    }

    /// The mode for a console: live on a terminal, plain lines every `interval` seconds otherwise.
    ///
    /// - Parameters:
    ///   - isTerminal: Whether standard output is a terminal (`isatty(STDOUT_FILENO) == 1`).
    ///   - width: The terminal's width in columns.
    ///   - interval: Seconds between plain lines.
    public static func mode(isTerminal: Bool, width: Int = 80, interval: Double = 10) -> Mode {
        isTerminal ? .live(width: width) : .plain(interval: interval)
    }

    /// Records progress and returns what to write now, or nil when nothing is due.
    ///
    /// - Parameters:
    ///   - step: Steps completed so far.
    ///   - reward: The latest mean reward, or nil when none is known yet.
    ///   - time: A monotonic time in seconds.
    public mutating func update(step: Int, reward: Double?, at time: Double) -> Output? {
        self.step = min(max(0, step), total)
        if let reward { self.reward = reward }
        samples.append((time, self.step))
        while let first = samples.first, time - first.time > Self.rateWindow, samples.count > 2 {
            samples.removeFirst()
        }
        let finished = self.step >= total
        switch mode {
        case .live:
            if let lastDraw, time - lastDraw < Self.redrawInterval, !finished { return nil }
            lastDraw = time
            return .terminal(redraw())
        case .plain(let interval):
            if let lastDraw, time - lastDraw < interval, !finished { return nil }
            if lastPlainStep == self.step && !finished { return nil }
            if finished && lastPlainStep == self.step { return nil }
            lastDraw = time
            lastPlainStep = self.step
            return .line(statusText())
        }
    }

    /// What to write when the run ends: the final status and a newline on a terminal, the final plain
    /// line if it was not printed yet otherwise.
    public mutating func finish() -> Output? {
        switch mode {
        case .live:
            return .terminal(redraw() + "\n")
        case .plain:
            guard lastPlainStep != step else { return nil }
            lastPlainStep = step
            return .line(statusText())
        }
    }

    /// On a terminal, the bytes that erase the status line before a log line is printed; empty otherwise.
    public var clearLine: String {
        if case .live = mode { return "\r\u{1B}[2K" }
        return ""
    }

    /// On a terminal, the bytes that draw the status line again (after a log line); empty otherwise.
    public func redraw() -> String {
        guard case .live(let width) = mode else { return "" }
        return "\r\u{1B}[2K" + liveText(width: width)
    }

    /// Steps per second over the last half minute, or nil before two updates.
    public var stepsPerSecond: Double? {
        guard let first = samples.first, let last = samples.last, last.time > first.time else { return nil }
        return Double(last.step - first.step) / (last.time - first.time)
    }

    /// Seconds until `total` at the current rate, or nil when unknown.
    public var secondsRemaining: Double? {
        guard let rate = stepsPerSecond, rate > 0 else { return step >= total ? 0 : nil }
        return Double(total - step) / rate
    }

    /// The status as plain text: `step 12/100 (12%), reward 0.734, 1.52 steps/s, ETA 0:58`.
    public func statusText() -> String {
        let percent = step * 100 / total
        return "step \(step)/\(total) (\(percent)%), reward \(formattedReward), \(formattedRate), ETA \(formattedETA)"
    }

    private func liveText(width: Int) -> String {
        let details = "\(step)/\(total) | reward \(formattedReward) | \(formattedRate) | ETA \(formattedETA)"
        let barWidth = min(30, width - details.count - 3)
        guard barWidth >= 5 else { return String(details.prefix(max(0, width - 1))) }
        let filled = barWidth * step / total
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: barWidth - filled)
        return "[\(bar)] \(details)"
    }

    private var formattedReward: String {
        guard let reward else { return "-" }
        return String(format: "%.3f", reward)
    }

    private var formattedRate: String {
        guard let rate = stepsPerSecond else { return "- steps/s" }
        return String(format: "%.2f steps/s", rate)
    }

    private var formattedETA: String {
        guard let seconds = secondsRemaining, seconds.isFinite else { return "--:--" }
        let whole = Int(seconds.rounded())
        let (hours, minutes, rest) = (whole / 3600, whole / 60 % 60, whole % 60)
        let twoDigits = { (value: Int) in value < 10 ? "0\(value)" : "\(value)" }
        return hours > 0 ? "\(hours):\(twoDigits(minutes)):\(twoDigits(rest))" : "\(minutes):\(twoDigits(rest))"
    }
}
