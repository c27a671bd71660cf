import Foundation
import Runlog
import Testing

@Suite struct TextFormatTests {
    /// 2026-11-26 21:07:04.250 UTC.
    let instant = Timestamp(seconds: 1_795_727_224, nanoseconds: 250_000_000)

    func localClock(_ timestamp: Timestamp) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm:ss"
        formatter.timeZone = TimeZone.current
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(timestamp.seconds)))
    }

    func record(_ message: String, level: LogLevel = .info, tag: String? = "reverse_text_0") -> LogRecord {
        LogRecord(level: level, message: message, tag: tag, file: "Env/Env.swift", line: 42, timestamp: instant)
    }

    @Test func plainLineIsTimeLevelRightAlignedTagAndMessage() {
        let line = record("Loaded environment").rendered(as: .text(colored: false))
        #expect(line == "\(localClock(instant))    INFO [reverse_text_0] Loaded environment\n")
    }

    @Test func everyLevelIsRightAlignedToSevenColumns() {
        for level in LogLevel.allCases {
            let line = record("m", level: level, tag: nil).rendered(as: .text(colored: false))
            let padded = String(repeating: " ", count: max(0, 7 - level.name.count)) + level.name
            #expect(line == "\(localClock(instant)) \(padded) m\n")
        }
    }

    @Test func lineWithoutTagHasNoBrackets() {
        #expect(
            record("hello", tag: nil).rendered(as: .text(colored: false)) == "\(localClock(instant))    INFO hello\n"
        )
    }

    @Test func debugLayoutAppendsFileAndLine() {
        let line = record("details", level: .debug).rendered(
            as: .text(colored: false),
            layout: TextLayout(showsLocation: true)
        )
        #expect(line == "\(localClock(instant))   DEBUG [reverse_text_0] details [Env/Env.swift::42]\n")
    }

    @Test func colouredLineHasDimTimeAndLogurusLevelColour() {
        let line = record("done", level: .success).rendered(as: .text(colored: true))
        let esc = "\u{1B}"
        #expect(
            line
                == "\(esc)[2m\(localClock(instant))\(esc)[0m \(esc)[32m\(esc)[1mSUCCESS [reverse_text_0] done\(esc)[0m\n"
        )
    }

    @Test func levelColoursFollowLoguru() {
        let expected: [LogLevel: String] = [
            .trace: "[36m", .debug: "[34m", .info: "[1m", .success: "[32m", .warning: "[33m", .error: "[31m",
            .critical: "[41m",
        ]
        for (level, code) in expected {
            let line = record("x", level: level).rendered(as: .text(colored: true))
            #expect(line.contains("[0m \u{1B}\(code)"), "level \(level)")
        }
    }

    @Test func multiLineMessageStaysOneRecordWithAttributableContinuationLines() {
        let text = record("Traceback:\n  frame 1\n  frame 2").rendered(as: .text(colored: false))
        let lines = text.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0].hasSuffix("INFO [reverse_text_0] Traceback:"))
        #expect(lines[1] == "                 |   frame 1")
        #expect(lines[2] == "                 |   frame 2")
    }

    @Test func metadataIsAppendedSortedAsKeyValuePairs() {
        var withMetadata = record("step")
        withMetadata.metadata = ["step": "3", "env": "math"]
        #expect(withMetadata.rendered(as: .text(colored: false)).hasSuffix("step env=math step=3\n"))
        let hidden = withMetadata.rendered(as: .text(colored: false), layout: TextLayout(showsMetadata: false))
        #expect(hidden.hasSuffix("[reverse_text_0] step\n"))
    }

    @Test func rankIsShownWhenTheLayoutAsksForIt() {
        var ranked = record("hi")
        ranked.rank = RankContext(rank: 3, localRank: 1, worldSize: 4)
        let line = ranked.rendered(as: .text(colored: false), layout: TextLayout(showsRank: true))
        #expect(line == "\(localClock(instant))    INFO [rank 3] [reverse_text_0] hi\n")
    }

    @Test func swiftLogLabelIsShownInBrackets() {
        var labelled = record("slow reward", tag: "orchestrator")
        labelled.label = "verifiers.math"
        #expect(
            labelled.rendered(as: .text(colored: false)).hasSuffix("INFO [orchestrator] [verifiers.math] slow reward\n")
        )
    }

    @Test func hostileMessageIsNeutralisedInTextLines() {
        let plain = record("a\u{1B}[2Jb\u{1B}]0;pwned\u{07}\r").rendered(as: .text(colored: false))
        #expect(!plain.dropLast().contains(where: { $0.asciiValue.map { $0 < 0x20 } ?? false }))
        #expect(plain.hasSuffix("a\\u{1B}[2Jb\\u{1B}]0;pwned\\u{07}\\u{0D}\n"))
        let coloured = record("\u{1B}[31mred\u{1B}[0m \u{1B}[2J").rendered(as: .text(colored: true))
        #expect(coloured.contains("\u{1B}[31mred\u{1B}[0m \\u{1B}[2J"))
    }
}
