import Foundation
import RunlogTestSupport
import Testing

@testable import Runlog

/// The logger's fast path (message bytes encoded straight into the writer's buffer with pre-rendered
/// prefixes) and the record path must write exactly the bytes the previous encoder wrote
/// (``LegacyTextFormat``), for every layout, colour, tag, write mode and hostile message.
@Suite struct FastPathFormatTests {
    static let messages: [String] = [
        "Loaded environment",
        "",
        "step 12 | loss=2.4999 reward=0.1200",
        "Traceback:\n  frame 1\n  frame 2\n",
        "clear\u{1B}[2J home\u{1B}[H title\u{1B}]0;pwned\u{07} clip\u{1B}]52;c;aGk=\u{1B}\\ end",
        "\u{1B}[31mred\u{1B}[0m and \u{1B}[1;32;48:5:3mmixed\u{1B}[m",
        "c1 \u{85}\u{9B}31m del \u{7F} nul \u{00} tab\tcr\r bidi \u{202E}evil\u{202C} ls\u{2028}ps\u{2029}",
        "unicode é ü 日本語 🚀 — ok",
        String(repeating: "long line with many words ", count: 40),
        String(repeating: "x\n", count: 30),
    ]

    struct Case: CustomTestStringConvertible, Sendable {
        let colored: Bool
        let mode: WriteMode
        let tag: String?
        let level: LogLevel
        let metadata: [String: String]
        var testDescription: String { "colored=\(colored) mode=\(mode) tag=\(tag ?? "-") level=\(level)" }
    }

    static let cases: [Case] = [
        Case(colored: false, mode: .durable, tag: "reverse_text_0", level: .info, metadata: [:]),
        Case(colored: true, mode: .durable, tag: "reverse_text_0", level: .info, metadata: [:]),
        Case(colored: false, mode: .buffered, tag: nil, level: .info, metadata: [:]),
        Case(colored: true, mode: .buffered, tag: "t\u{1B}[2Jag", level: .debug, metadata: ["env": "math\u{07}"]),
        Case(colored: false, mode: .durable, tag: nil, level: .trace, metadata: ["b": "2", "a": "1"]),
    ]

    @Test(arguments: cases)
    func fastPathLinesAreByteIdenticalToTheLegacyFormat(_ testCase: Case) throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let path = directory.file("fast.log")
        let layout = TextLayout(showsLocation: testCase.level <= .debug, showsMetadata: true, showsRank: true)
        let sink = try FileSink(
            path: path,
            format: .text(colored: testCase.colored),
            layout: layout,
            mode: testCase.mode
        )
        let rank = RankContext(rank: 3, localRank: 1, worldSize: 4)
        let base = RunlogLogger(level: testCase.level, tag: testCase.tag, sinks: [sink], rank: rank)
        let logger = testCase.metadata.isEmpty ? base : base.bind(testCase.metadata)
        var expected: [(before: [UInt8], after: [UInt8])] = []
        for (index, message) in Self.messages.enumerated() {
            for level in LogLevel.allCases where level >= testCase.level {
                let line = UInt(100 + index)
                let before = Timestamp.now()
                switch index % 3 {
                case 0: logger.log(level, "\(message)", file: "Env/Env.swift", line: line)  // interpolation
                case 1: logger.log(level, message, file: "Env/Env.swift", line: line)  // String overload
                default: logger.log(level, LogMessage(message), file: "Env/Env.swift", line: line)
                }
                let after = Timestamp.now()
                func render(_ time: Timestamp) -> [UInt8] {
                    let record = LogRecord(
                        level: level,
                        message: message,
                        tag: testCase.tag,
                        metadata: testCase.metadata,
                        file: "Env/Env.swift",
                        line: line,
                        timestamp: time,
                        rank: rank
                    )
                    return LegacyTextFormat.render(record, colored: testCase.colored, layout: layout)
                }
                expected.append((render(before), render(after)))
            }
        }
        logger.flush()
        var actual = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        for (index, candidates) in expected.enumerated() {
            let matched = [candidates.before, candidates.after].first { actual.starts(with: $0) }
            guard let matched else {
                let got = String(decoding: actual.prefix(candidates.before.count), as: UTF8.self)
                let want = String(decoding: candidates.before, as: UTF8.self)
                Issue.record("record \(index) differs:\n\(got)\nexpected:\n\(want)")
                return
            }
            actual.removeFirst(matched.count)
        }
        #expect(actual.isEmpty)
    }

    @Test func renderedRecordsAreByteIdenticalToTheLegacyFormat() {
        let instant = Timestamp(seconds: 1_795_727_224, nanoseconds: 250_000_000)
        for message in Self.messages {
            for level in LogLevel.allCases {
                for colored in [false, true] {
                    for layout in [TextLayout(), TextLayout(showsLocation: true, showsRank: true)] {
                        let record = LogRecord(
                            level: level,
                            message: message,
                            label: "verifiers.env",
                            tag: "env\u{9B}",
                            metadata: ["k\u{1B}": "v\nw"],
                            file: "A/B.swift",
                            line: 7,
                            timestamp: instant,
                            rank: RankContext(rank: 0)
                        )
                        let rendered = Array(record.rendered(as: .text(colored: colored), layout: layout).utf8)
                        #expect(rendered == LegacyTextFormat.render(record, colored: colored, layout: layout))
                    }
                }
            }
        }
    }

    @Test func aThreadsLastClockTextIsOnlyReusedWithinItsSecond() {
        // Each thread keeps the text of its last second: alternating seconds must never get each other's text.
        let seconds = [1_795_680_000, 1_795_680_001, 1_795_680_000, 1_795_680_000, 1_795_723_199, 1_795_680_001]
        for second in seconds {
            var bytes: [UInt8] = []
            LocalTimeCache.appendClock(seconds: second, into: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == LegacyTextFormat.legacyClock(second))
        }
    }

    @Test func aNewThreadsFirstClockTextIsFormattedEvenForSecondZero() async {
        // A thread's cache starts at a second no line shows; a zeroed one would hand out eight NUL bytes for
        // the epoch's first second.
        let text = await withCheckedContinuation { continuation in
            let thread = Thread {
                var bytes: [UInt8] = []
                LocalTimeCache.appendClock(seconds: 0, into: &bytes)
                continuation.resume(returning: String(decoding: bytes, as: UTF8.self))
            }
            thread.start()
        }
        #expect(text == LegacyTextFormat.legacyClock(0))
    }

    @Test func clockBytesMatchLocaltimeForEverySecondOfADay() {
        let start = 1_795_680_000
        for second in stride(from: start, to: start + 86_400, by: 7) {
            var bytes: [UInt8] = []
            LocalTimeCache.appendClock(seconds: second, into: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == LegacyTextFormat.legacyClock(second))
        }
    }
}
