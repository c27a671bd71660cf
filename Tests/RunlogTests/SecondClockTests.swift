import Foundation
import RunlogTestSupport
import Testing

@testable import Runlog

/// The seconds clock behind text lines' `HH:mm:ss`: always the second `clock_gettime` gives at that moment,
/// across second boundaries, after the thread slept, and on several threads at once.
@Suite(.serialized) struct SecondClockTests {
    /// `CLOCK_REALTIME`'s current second.
    private static func realSecond() -> Int {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int(now.tv_sec)
    }

    /// Reads the clock between two real readings for `duration` seconds; returns the readings outside them
    /// and how many distinct seconds were seen.
    private static func compareWithTheRealClock(
        for duration: Double,
        sleepEvery: Int
    ) -> (wrong: [String], seconds: Int) {
        var wrong: [String] = []
        var seen = Set<Int>()
        let end = Date().addingTimeInterval(duration)
        var reading = 0
        while Date() < end {
            let before = realSecond()
            let fast = SecondClock.now()
            let after = realSecond()
            if fast < before || fast > after, wrong.count < 5 {
                wrong.append("read \(fast) between \(before) and \(after)")
            }
            seen.insert(fast)
            reading += 1
            // Idle now and then: a thread that slept comes back outside its window.
            if reading % sleepEvery == 0 { usleep(UInt32(reading % 7) * 300) }
        }
        return (wrong, seen.count)
    }

    @Test func everyReadingIsTheSecondTheRealClockShowsAcrossSecondBoundaries() {
        let result = Self.compareWithTheRealClock(for: 2.3, sleepEvery: 50_000)
        #expect(result.wrong.isEmpty, "\(result.wrong)")
        #expect(result.seconds >= 3)  // two boundaries crossed at least
    }

    @Test func threadsReadingAtOnceEachSeeTheRealSecond() async {
        let results = await withTaskGroup(of: [String].self) { group in
            for thread in 0..<4 {
                group.addTask { Self.compareWithTheRealClock(for: 1.2, sleepEvery: 10_000 + thread * 3_000).wrong }
            }
            var all: [String] = []
            for await wrong in group { all += wrong }
            return all
        }
        #expect(results.isEmpty, "\(results)")
    }

    @Test func textLinesShowTheSecondTheyWereLoggedIn() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let path = directory.file("clock.log")
        let sink = try FileSink(path: path, format: .text(colored: false), mode: .buffered)
        let logger = RunlogLogger(level: .info, sinks: [sink], rank: RankContext())
        var windows: [(before: Int, after: Int)] = []
        let end = Date().addingTimeInterval(2.2)
        while Date() < end {
            let before = Self.realSecond()
            logger.info("line \(windows.count)")
            windows.append((before, Self.realSecond()))
            usleep(20)
        }
        logger.flush()
        let lines = readLines(path)
        #expect(lines.count == windows.count)
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm:ss"
        formatter.timeZone = .current
        var clockText: [Int: String] = [:]
        func text(_ second: Int) -> String {
            if let known = clockText[second] { return known }
            let made = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(second)))
            clockText[second] = made
            return made
        }
        for (line, window) in zip(lines, windows) {
            let shown = String(line.prefix(8))
            guard (window.before...window.after).contains(where: { text($0) == shown }) else {
                Issue.record("\(line) was logged between \(text(window.before)) and \(text(window.after))")
                return
            }
        }
    }
}
