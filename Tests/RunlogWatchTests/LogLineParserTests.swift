import Foundation
import Runlog
import Testing

@testable import RunlogWatch

@Suite struct LogLineParserTests {
    @Test func aRunlogTextRecordGivesItsTimeLevelTagAndMessage() {
        let parsed = LogLineParser.parse("21:07:04    INFO [reverse_text_0] Loaded environment")
        #expect(parsed.secondOfDay == 21 * 3600 + 7 * 60 + 4)
        #expect(parsed.level == .info)
        #expect(parsed.tag == "reverse_text_0")
        #expect(parsed.message == "Loaded environment")
        #expect(parsed.startsRecord)
    }

    @Test func everyLevelNameIsRecognised() {
        for level in LogLevel.allCases {
            let padded = String(repeating: " ", count: max(0, 7 - level.name.count)) + level.name
            #expect(LogLineParser.parse("00:00:01 \(padded) [t] m").level == level)
        }
    }

    @Test func colouredRecordsParseOnceEscapesAreRemoved() {
        let coloured = "\u{1B}[32m21:07:04\u{1B}[0m \u{1B}[1;31m  ERROR\u{1B}[0m [trainer] boom"
        let parsed = LogLineParser.parse(ANSIText.plain(coloured))
        #expect(parsed.level == .error)
        #expect(parsed.message == "boom")
    }

    @Test func aLineInNeitherFormatContinuesTheRecordBeforeIt() {
        let parsed = LogLineParser.parse("  File \"x.py\", line 3, in <module>")
        #expect(!parsed.startsRecord)
        #expect(parsed.level == nil)
        #expect(parsed.message == "  File \"x.py\", line 3, in <module>")
        #expect(!LogLineParser.parse("12:3 not a time").startsRecord)
    }

    @Test func aJSONRecordGivesItsExactTimeAndFields() throws {
        let line =
            #"{"ts": "2026-11-26T21:07:04.250Z", "level": "WARNING", "message": "slow", "tag": "orch", "rank": 0}"#
        let parsed = LogLineParser.parse(line)
        #expect(parsed.isJSON)
        #expect(parsed.level == .warning)
        #expect(parsed.tag == "orch")
        #expect(parsed.message == "slow")
        let date = try #require(parsed.date)
        #expect(abs(date.timeIntervalSince1970 - 1_795_727_224.25) < 0.001)
    }

    @Test func escapeSequencesAreRemovedForMatching() {
        #expect(ANSIText.plain("a\u{1B}[2Jb\u{1B}]0;title\u{07}c\u{1B}]52;c;aGk=\u{1B}\\d\u{9B}31me") == "abcde")
        #expect(ANSIText.removingSGR("\u{1B}[31mred\u{1B}[0m \u{1B}[2J") == "red \u{1B}[2J")
        #expect(ANSIText.plain("tab\tkept\u{07}") == "tab\tkept")
    }

    @Test func sinceAcceptsDurationsAndTimes() throws {
        let now = Date(timeIntervalSince1970: 1_000_000)
        #expect(try SinceArgument.parse("5m", now: now) == now.addingTimeInterval(-300))
        #expect(try SinceArgument.parse("1h30m", now: now) == now.addingTimeInterval(-5400))
        #expect(try SinceArgument.parse("45", now: now) == now.addingTimeInterval(-45))
        #expect(try SinceArgument.parse("1970-01-12T13:46:40Z", now: now) == now)
        #expect(throws: WatchError.self) { try SinceArgument.parse("yesterday", now: now) }
    }

    @Test func timeOfDayStampsBelongToTheDayOfTheirFile() {
        let calendar = Calendar.current
        let reference = calendar.date(from: DateComponents(year: 2026, month: 11, day: 26, hour: 0, minute: 5))!
        let lateYesterday = RunFollower.anchor(23 * 3600 + 55 * 60, reference: reference, previous: nil)
        #expect(reference.timeIntervalSince(lateYesterday) == 600)
        let afterMidnight = RunFollower.anchor(60, reference: reference, previous: lateYesterday)
        #expect(afterMidnight.timeIntervalSince(lateYesterday) == 360)
    }
}
