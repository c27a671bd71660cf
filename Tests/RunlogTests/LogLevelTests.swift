import Foundation
import Runlog
import Testing

@Suite struct LogLevelTests {
    @Test func levelsAreOrderedFromTraceToCritical() {
        #expect(LogLevel.allCases == [.trace, .debug, .info, .success, .warning, .error, .critical])
        #expect(LogLevel.trace < .debug && LogLevel.info < .success && LogLevel.error < .critical)
    }

    @Test func levelNamesAreUpperCase() {
        #expect(LogLevel.allCases.map(\.name) == ["TRACE", "DEBUG", "INFO", "SUCCESS", "WARNING", "ERROR", "CRITICAL"])
    }

    @Test(arguments: [
        ("info", LogLevel.info), ("INFO", .info), ("Info", .info), (" debug ", .debug), ("TRACE", .trace),
        ("success", .success), ("notice", .success), ("warning", .warning), ("warn", .warning),
        ("WARN", .warning), ("error", .error), ("err", .error), ("critical", .critical), ("fatal", .critical),
        ("crit", .critical),
    ])
    func levelParsingAcceptsAnyCaseAndAliases(text: String, expected: LogLevel) throws {
        #expect(try LogLevel(parsing: text) == expected)
    }

    @Test func unknownLevelErrorNamesTheAcceptedSpellings() {
        do {
            _ = try LogLevel(parsing: "verbose")
            Issue.record("parsing 'verbose' should fail")
        } catch {
            #expect(error.kind == .invalidLevel)
            #expect(error.description.contains("'verbose'"))
            #expect(error.description.contains("warning (warn)"))
        }
    }
}

@Suite struct LogLevelCodableTests {
    struct Config: Codable, Equatable {
        var level: LogLevel
    }

    @Test func levelDecodesFromConfigurationStringsAndEncodesLowerCase() throws {
        let decoded = try JSONDecoder().decode(Config.self, from: Data(#"{"level":"WARN"}"#.utf8))
        #expect(decoded.level == .warning)
        let encoded = String(decoding: try JSONEncoder().encode(Config(level: .success)), as: UTF8.self)
        #expect(encoded == #"{"level":"success"}"#)
    }

    @Test func unknownLevelInConfigurationIsADecodingErrorNamingTheSpellings() {
        #expect {
            _ = try JSONDecoder().decode(Config.self, from: Data(#"{"level":"loud"}"#.utf8))
        } throws: { error in
            guard case DecodingError.dataCorrupted(let context) = error else { return false }
            return context.debugDescription.contains("unknown log level 'loud'")
        }
    }
}
