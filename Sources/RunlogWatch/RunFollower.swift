public import Foundation
import Glibc
import Runlog

/// Follows every log of a run at once and prints them as one stream (`runlog follow`).
///
/// What the files already hold is printed first, in timestamp order. Then inotify events drive the
/// rest: lines are held for ``FollowOptions/reorderWindow`` so that files written at the same moment
/// interleave by timestamp, a record seen both in a log file and in a captured console is shown once,
/// and the same line from several ranks or workers is collapsed. Between events the process sleeps in
/// poll(2).
///
/// ```swift
/// let follower = RunFollower(options: FollowOptions(outputDirectory: "outputs"), filter: try LineFilter())
/// try follower.run()
/// ```
public final class RunFollower {
    private let options: FollowOptions
    private let filter: LineFilter
    private let output: OutputWriter
    private var renderer: LineRenderer
    private var reorder = ReorderBuffer<WatchedLine>()
    private var echoes = ConsoleEchoFilter()
    private var collapser: RepeatedLineCollapser<WatchedLine>
    private var pending = ""

    /// Creates a follower that prints to `descriptor`.
    ///
    /// - Parameters:
    ///   - options: What to follow and how to print it.
    ///   - filter: Which lines to show.
    ///   - descriptor: Where to print (standard output by default).
    public init(options: FollowOptions, filter: LineFilter, descriptor: Int32 = STDOUT_FILENO) {
        self.options = options
        self.filter = filter
        output = OutputWriter(descriptor: descriptor)
        renderer = LineRenderer(json: options.json, colour: options.colour)
        collapser = RepeatedLineCollapser(window: options.repeatWindow, enabled: options.collapseRepeats)
    }

    /// Prints the run's logs; with ``FollowOptions/follow`` it returns only when the output is closed.
    ///
    /// - Throws: ``WatchError`` when there is nothing to follow, naming what to pass instead.
    public func run() throws(WatchError) {
        Self.resetSignals()
        let directory = options.outputDirectory
        if !options.follow {
            try printHistory(directory)
            return
        }
        try waitForDirectory(directory)
        let inotify = try Inotify()
        let tree = LogTree(outputDirectory: directory, inotify: inotify, preferJSON: options.json)
        let batches = tree.start()
        if !tree.hasLogs { notice("waiting for \(tree.logsPath) to appear") }
        guard emitHistory(batches) else { return }
        while true {
            let now = Self.monotonicNow()
            let deadline = [reorder.nextRelease, collapser.nextDeadline].compactMap { $0 }.min()
            let events = inotify.wait(timeout: deadline.map { $0 - now })
            if !events.isEmpty {
                let arrival = Self.monotonicNow()
                let wall = Date()
                for batch in tree.handle(events) {
                    switch batch {
                    case .lines(let file, let lines):
                        accept(file, lines, wall: wall, arrival: arrival)
                    case .notice(let item):
                        // What came before the event is printed before the line about it.
                        releaseAll()
                        notice(Self.describe(item))
                    }
                }
            }
            release(at: Self.monotonicNow())
            guard flush() else { return }
        }
    }

    // MARK: - History

    private func printHistory(_ directory: String) throws(WatchError) {
        guard FollowedFile.identity(of: directory) != nil else {
            throw WatchError(
                "no run output at '\(directory)': pass the run's output directory, for example "
                    + "`runlog follow outputs` (rl writes its logs to OUTPUT_DIR/logs)"
            )
        }
        let tree = LogTree(outputDirectory: directory, inotify: nil, preferJSON: options.json)
        let batches = tree.start()
        guard tree.hasLogs else {
            throw WatchError(
                "no logs at '\(tree.logsPath)': pass the output directory of a run (the folder that holds logs/)"
            )
        }
        _ = emitHistory(batches)
    }

    /// Prints what the files held when opened, sorted by time; repeats are collapsed by line time.
    private func emitHistory(_ batches: [LogTree.Batch]) -> Bool {
        var lines: [WatchedLine] = []
        for case .lines(let file, let bytes) in batches {
            renderer.reserveWidth(for: filter.includes(source: file.source.name) ? [file.source.name] : [])
            for item in bytes {
                if let line = makeLine(file, item, live: false, wall: Date()) { lines.append(line) }
            }
        }
        // A stable sort keeps each file's order within one second.
        let sorted = lines.enumerated().sorted { lhs, rhs in
            lhs.element.date != rhs.element.date ? lhs.element.date < rhs.element.date : lhs.offset < rhs.offset
        }
        var history = RepeatedLineCollapser<WatchedLine>(
            window: options.repeatWindow,
            enabled: options.collapseRepeats
        )
        // File lines are registered a little ahead of the console lines checked against them, so that the
        // file's copy of a record wins whichever file sorts first.
        var registered = 0
        var echoed = Set<Int>()
        for (index, (_, line)) in sorted.enumerated() {
            let horizon = line.date.addingTimeInterval(echoes.tolerance)
            while registered < sorted.count && sorted[registered].element.date <= horizon {
                let ahead = sorted[registered].element
                if ahead.source.kind != .console && !echoes.admitFileLine(ahead) { echoed.insert(registered) }
                registered += 1
            }
            if line.source.kind == .console ? !echoes.admitConsoleLine(line) : echoed.contains(index) { continue }
            let time = line.date.timeIntervalSince1970
            for item in history.submit(line, source: line.source.name, line: line.plain, at: time) { print(item) }
            if pending.utf8.count > 1 << 16 { guard flush() else { return false } }
        }
        for item in history.drain() { print(item) }
        return flush()
    }

    // MARK: - Live lines

    private func accept(_ file: FollowedFile, _ lines: [[UInt8]], wall: Date, arrival: Double) {
        for bytes in lines {
            guard let line = makeLine(file, bytes, live: true, wall: wall) else { continue }
            if line.source.kind != .console && !echoes.admitFileLine(line) { continue }
            reorder.insert(line, time: line.date.timeIntervalSince1970, releaseAt: arrival + options.reorderWindow)
        }
    }

    private func release(at now: Double) {
        for line in reorder.release(at: now) where line.source.kind != .console || echoes.admitConsoleLine(line) {
            for item in collapser.submit(line, source: line.source.name, line: line.plain, at: now) { print(item) }
        }
        for item in collapser.flush(at: now) { print(item) }
    }

    private func releaseAll() {
        release(at: .infinity)
        for item in collapser.drain() { print(item) }
    }

    /// Builds a line from a file's bytes, or nil when the filter hides it.
    private func makeLine(_ file: FollowedFile, _ bytes: [UInt8], live: Bool, wall: Date) -> WatchedLine? {
        guard filter.includes(source: file.source.name) else { return nil }
        var text = String(decoding: bytes, as: UTF8.self)
        if text.hasSuffix("\r") { text.removeLast() }
        let plain = ANSIText.plain(text)
        // A tee'd console line (`[default0]:21:07:04 INFO ...`) carries its record's time and level after the prefix.
        let parsed = LogLineParser.parse(
            file.source.kind == .console ? ConsoleEchoFilter.removingTeePrefix(plain) : plain
        )
        let reference = live ? wall : file.referenceDate
        var date: Date
        if let stamped = parsed.date {
            date = stamped
        } else if let second = parsed.secondOfDay {
            date = Self.anchor(second, reference: reference, previous: file.lastDate)
            // A stamp of the current second: the arrival time orders it more finely.
            if live && date <= wall && wall.timeIntervalSince(date) < 1 { date = wall }
        } else {
            date = file.lastDate ?? reference
        }
        let level = parsed.startsRecord ? parsed.level : file.lastLevel
        if parsed.startsRecord {
            file.lastDate = date
            file.lastLevel = parsed.level
        }
        let filterDate: Date? = live ? nil : date
        guard filter.includes(plain: plain, level: level, date: filterDate) else { return nil }
        return WatchedLine(source: file.source, text: text, plain: plain, parsed: parsed, date: date, level: level)
    }

    /// The date of a time-of-day stamp: on the reference's day, or the day before when that would put
    /// it in the future; never more than half a day before the file's previous record.
    static func anchor(_ secondOfDay: Int, reference: Date, previous: Date?) -> Date {
        let calendar = Calendar.current
        var date = calendar.startOfDay(for: reference).addingTimeInterval(TimeInterval(secondOfDay))
        if date > reference.addingTimeInterval(600) { date = date.addingTimeInterval(-86400) }
        if let previous, date < previous.addingTimeInterval(-43200) { date = date.addingTimeInterval(86400) }
        return date
    }

    // MARK: - Output

    private func print(_ item: RepeatedLineCollapser<WatchedLine>.Output) {
        pending += renderer.render(item.payload, sources: item.sources)
    }

    private func notice(_ message: String) {
        if let text = renderer.renderNotice(message) { pending += text }
        _ = flush()
    }

    private func flush() -> Bool {
        defer { pending = "" }
        return output.write(pending)
    }

    private func waitForDirectory(_ directory: String) throws(WatchError) {
        guard FollowedFile.identity(of: directory) == nil else { return }
        notice("waiting for \(directory) to appear")
        // The folder's parent may not exist either, so this one wait polls; it ends when the run starts.
        while FollowedFile.identity(of: directory) == nil { usleep(200_000) }
    }

    private static func describe(_ notice: LogTree.Notice) -> String {
        switch notice {
        case .newRun(let path): return "following a new run: \(path)"
        case .truncated(let source): return "\(source.relativePath) was truncated; reading it from the start"
        case .replaced(let source): return "\(source.relativePath) was replaced; reading the new file"
        }
    }

    /// Makes SIGINT, SIGTERM and SIGHUP end the process even when the parent started it with those signals
    /// blocked or ignored (both are inherited across exec); a closed output is noticed as a write error.
    private static func resetSignals() {
        var none = sigset_t()
        sigemptyset(&none)
        sigprocmask(SIG_SETMASK, &none, nil)
        for number in [SIGINT, SIGTERM, SIGHUP] { signal(number, SIG_DFL) }
        signal(SIGPIPE, SIG_IGN)
    }

    static func monotonicNow() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}
