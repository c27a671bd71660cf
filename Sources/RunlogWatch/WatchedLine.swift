public import Foundation
public import Runlog

/// One line of a run's logs as `runlog follow` handles it: where it came from, its text and what it
/// says about itself.
public struct WatchedLine: Sendable {
    /// The file it was read from.
    public var source: LogSource
    /// The line as written, without its newline; may hold colour and other escape sequences.
    public var text: String
    /// The line without escape sequences, for filters and comparison.
    public var plain: String
    /// The fields parsed from the line.
    public var parsed: ParsedLogLine
    /// The time it sorts and filters by: its own timestamp, else its record's, else when it was read.
    public var date: Date
    /// The level it counts as: its own, else its record's.
    public var level: LogLevel?

    /// Creates a line.
    ///
    /// - Parameters:
    ///   - source: The file it was read from.
    ///   - text: The line as written.
    ///   - plain: The line without escape sequences.
    ///   - parsed: The fields parsed from `plain`.
    ///   - date: The time it sorts by.
    ///   - level: The level it counts as.
    public init(source: LogSource, text: String, plain: String, parsed: ParsedLogLine, date: Date, level: LogLevel?) {
        self.source = source
        self.text = text
        self.plain = plain
        self.parsed = parsed
        self.date = date
        self.level = level
    }
}
