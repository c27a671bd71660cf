public import Foundation
import Glibc
public import Runlog

/// Decides which lines `runlog follow` shows: minimum level, sources, a regular expression and a start
/// time.
public struct LineFilter {
    /// Lines below this level are hidden; a line that does not carry a level counts as its record's level
    /// (a traceback line as its error), or as info when no record precedes it.
    public var minimumLevel: LogLevel?
    /// Shell patterns for source names (`trainer/*`, `env/*`, `rl`); a plain name also matches the sources
    /// under it (`trainer` matches `trainer/0`). Empty means every source.
    public var sourcePatterns: [String]
    /// Lines whose plain text does not match are hidden.
    public var pattern: NSRegularExpression?
    /// Lines stamped before this time are hidden.
    public var since: Date?

    /// Creates a filter.
    ///
    /// - Parameters:
    ///   - minimumLevel: The lowest level shown, or nil for every level.
    ///   - sourcePatterns: Source name patterns; empty shows every source.
    ///   - grep: A regular expression (ICU syntax) the line must contain, or nil.
    ///   - since: The earliest time shown, or nil.
    /// - Throws: ``WatchError`` when `grep` is not a valid regular expression.
    public init(
        minimumLevel: LogLevel? = nil,
        sourcePatterns: [String] = [],
        grep: String? = nil,
        since: Date? = nil
    ) throws(WatchError) {
        self.minimumLevel = minimumLevel
        self.sourcePatterns = sourcePatterns
        self.since = since
        if let grep {
            do {
                pattern = try NSRegularExpression(pattern: grep)
            } catch {
                throw WatchError(
                    "invalid --grep expression '\(grep)': \(error.localizedDescription); escape special characters such as ( [ . with a backslash"
                )
            }
        }
    }

    /// Whether lines of `source` are shown.
    ///
    /// - Parameter source: A source name such as `trainer/0`.
    public func includes(source: String) -> Bool {
        if sourcePatterns.isEmpty { return true }
        return sourcePatterns.contains { pattern in
            fnmatch(pattern, source, 0) == 0 || fnmatch(pattern + "/*", source, 0) == 0
        }
    }

    /// Whether a line is shown.
    ///
    /// - Parameters:
    ///   - plain: The line's text without escape sequences.
    ///   - level: The level the line counts as (its own or its record's), or nil when unknown.
    ///   - date: The time the line counts as, or nil when unknown.
    public func includes(plain: String, level: LogLevel?, date: Date?) -> Bool {
        if let minimumLevel, (level ?? .info) < minimumLevel { return false }
        if let since, let date, date < since { return false }
        if let pattern {
            let range = NSRange(plain.startIndex..<plain.endIndex, in: plain)
            if pattern.firstMatch(in: plain, range: range) == nil { return false }
        }
        return true
    }
}
