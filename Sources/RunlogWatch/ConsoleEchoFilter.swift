import Foundation

/// Shows once a record that appears both in a log file and in a captured console.
///
/// A component's logger writes each record to its console (captured as `orchestrator.stdout`) and to its
/// file (`orchestrator.log`); env workers inherit the orchestrator's console while writing
/// `env_workers/{env}.log`; the rank launcher's tee copies rank 0's lines into `trainer.stdout`. Following
/// only the files would hide what a process printed outside its logger (a crash's traceback), so the
/// consoles are followed too and each console line equal to a log file's line (escape sequences and a
/// `[default0]:` tee prefix aside) within a few seconds is dropped. The file's copy is preferred, since
/// its source names the process: file lines are registered when read, console lines are checked when
/// they leave the reorder buffer, and a file line that arrives after its console copy was shown is
/// dropped instead.
struct ConsoleEchoFilter {

    /// Texts of file lines not yet matched by a console line.
    private var fileLines = TokenSet()
    /// Texts of console lines shown before any file line matched them.
    private var consoleLines = TokenSet()

    /// How far apart (in line time) the two copies of one record may be.
    let tolerance: TimeInterval

    init(tolerance: TimeInterval = 3) {
        self.tolerance = tolerance
    }

    /// Registers a line read from a log file; false when its console copy was already shown.
    mutating func admitFileLine(_ line: WatchedLine) -> Bool {
        guard Self.takesPart(line), !line.plain.isEmpty else { return true }
        if consoleLines.take(line.plain, near: line.date, tolerance: tolerance) { return false }
        fileLines.add(line.plain, date: line.date, expiring: tolerance)
        return true
    }

    /// Whether to show a console line: false when a log file has the same line.
    mutating func admitConsoleLine(_ line: WatchedLine) -> Bool {
        guard Self.takesPart(line) else { return true }
        let text = Self.removingTeePrefix(line.plain)
        if text.isEmpty { return true }
        if fileLines.take(text, near: line.date, tolerance: tolerance) { return false }
        consoleLines.add(text, date: line.date, expiring: tolerance)
        return true
    }

    private static func takesPart(_ line: WatchedLine) -> Bool {
        !line.parsed.isJSON && line.source.kind != .jsonLines
    }

    /// `[default0]:text` (a rank launcher's tee prefix) becomes `text`.
    static func removingTeePrefix(_ text: String) -> String {
        guard text.first == "[", let close = text.firstIndex(of: "]") else { return text }
        let afterClose = text.index(after: close)
        guard afterClose < text.endIndex, text[afterClose] == ":" else { return text }
        let label = text[text.index(after: text.startIndex)..<close]
        guard !label.isEmpty, !label.contains(" "), label.last?.isNumber == true else { return text }
        var rest = text[text.index(after: afterClose)...]
        if rest.first == " " { rest = rest.dropFirst() }
        return String(rest)
    }
}

/// A multiset of line texts with the times they were seen; entries older than the newest by more than the
/// tolerance are forgotten, so memory stays bounded while following for hours.
private struct TokenSet {
    private var dates: [String: [Date]] = [:]
    private var order: [(text: String, date: Date)] = []
    private var head = 0

    mutating func add(_ text: String, date: Date, expiring tolerance: TimeInterval) {
        expire(before: date.addingTimeInterval(-2 * tolerance))
        dates[text, default: []].append(date)
        order.append((text, date))
    }

    /// Removes one entry of `text` within `tolerance` of `date`; false when there is none.
    mutating func take(_ text: String, near date: Date, tolerance: TimeInterval) -> Bool {
        guard var list = dates[text],
            let index = list.firstIndex(where: { abs($0.timeIntervalSince(date)) <= tolerance })
        else { return false }
        list.remove(at: index)
        dates[text] = list.isEmpty ? nil : list
        return true
    }

    private mutating func expire(before cutoff: Date) {
        while head < order.count && order[head].date < cutoff {
            let (text, date) = order[head]
            head += 1
            if var list = dates[text], let index = list.firstIndex(of: date) {
                list.remove(at: index)
                dates[text] = list.isEmpty ? nil : list
            }
        }
        if head > 1024 && head * 2 > order.count {
            order.removeFirst(head)
            head = 0
        }
    }
}
