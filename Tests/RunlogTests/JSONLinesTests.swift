import Foundation
import Runlog
import RunlogTestSupport
import Testing

@Suite struct JSONLinesTests {
    func parse(_ line: Substring) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
        return try #require(object as? [String: Any])
    }

    @Test func jsonLinesSinkWritesOneParsableObjectPerRecord() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let path = directory.file("rl.jsonl")
        let sink = try JSONLinesSink(path: path)
        let logger = RunlogLogger(
            level: .debug,
            tag: "trainer",
            metadata: ["step": "7"],
            sinks: [sink],
            rank: RankContext(rank: 1, localRank: 1, worldSize: 2)
        )
        let line: UInt = #line + 1
        logger.success("quote \" backslash \\ newline \n escape \u{1B}[2J tab \t unicode é 🚀")
        logger.debug("second")
        let lines = readLines(path)
        #expect(lines.count == 2)
        let object = try parse(lines[0])
        #expect(object["level"] as? String == "SUCCESS")
        #expect(object["message"] as? String == "quote \" backslash \\ newline \n escape \u{1B}[2J tab \t unicode é 🚀")
        #expect(object["tag"] as? String == "trainer")
        #expect(object["file"] as? String == "RunlogTests/JSONLinesTests.swift")
        #expect(object["function"] as? String == "jsonLinesSinkWritesOneParsableObjectPerRecord()")
        #expect(object["line"] as? Int == Int(line))
        #expect(object["pid"] as? Int == Int(getpid()))
        #expect(object["rank"] as? Int == 1)
        #expect(object["local_rank"] as? Int == 1)
        #expect(object["world_size"] as? Int == 2)
        #expect(object["metadata"] as? [String: String] == ["step": "7"])
        #expect(!lines[0].contains("\u{1B}"))
        #expect(try parse(lines[1])["message"] as? String == "second")
    }

    @Test func timestampIsISO8601UTCWithMilliseconds() throws {
        let record = LogRecord(
            level: .info,
            message: "m",
            timestamp: Timestamp(seconds: 1_795_727_224, nanoseconds: 250_999_999)
        )
        let object = try parse(Substring(record.rendered(as: .jsonLines).dropLast()))
        #expect(object["ts"] as? String == "2026-11-26T21:07:04.250Z")
        let epoch = LogRecord(level: .info, message: "m", timestamp: Timestamp(seconds: 951_782_400, nanoseconds: 0))
        #expect(
            try parse(Substring(epoch.rendered(as: .jsonLines).dropLast()))["ts"] as? String
                == "2000-02-29T00:00:00.000Z"
        )
    }

    @Test func controlCharactersAndLineSeparatorsAreEscapedSoTheRecordStaysOneLine() throws {
        let message = "a\u{9B}2J b\u{2028}c\u{2029}d\u{7F}e\u{0}f\r\n"
        let rendered = LogRecord(level: .info, message: message).rendered(as: .jsonLines)
        #expect(rendered.contains(#""message":"a\u009b2J b\u2028c\u2029d\u007fe\u0000f\r\n""#))
        #expect(rendered.split(separator: "\n").count == 1)
        #expect(try parse(Substring(rendered.dropLast()))["message"] as? String == message)
    }

    @Test func rankIsOmittedWhenUnknownAndTagIsNull() throws {
        let record = LogRecord(level: .info, message: "m", rank: RankContext())
        let object = try parse(Substring(record.rendered(as: .jsonLines).dropLast()))
        #expect(object["rank"] == nil)
        #expect(object["tag"] is NSNull)
        #expect(object["metadata"] as? [String: String] == [:])
    }

    /// A child process sets up its logger with `jsonLinesFile` under RANK/WORLD_SIZE from its environment.
    @Test func jsonLinesCarryTheRankFromTheEnvironment() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let result = try runProbe(
            ["console", directory.file("probe.jsonl")],
            environment: ["RANK": "3", "WORLD_SIZE": "4"]
        )
        #expect(result.status == 0, "\(result.standardError)")
        let lines = readLines(directory.file("probe.jsonl"))
        #expect(lines.count == 1)
        let object = try parse(lines[0])
        #expect(object["rank"] as? Int == 3)
        #expect(object["world_size"] as? Int == 4)
        #expect(object["level"] as? String == "WARNING")
        #expect(object["tag"] as? String == "console")
    }
}
