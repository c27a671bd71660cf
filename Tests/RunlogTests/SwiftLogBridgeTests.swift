import Logging
import Runlog
import Testing

/// swift-log's `LoggingSystem.bootstrap` may run once per process, so these tests build loggers with
/// `Logger(label:factory:)` and the same handlers `SwiftLogBridge.bootstrap` would make.
@Suite struct SwiftLogBridgeTests {
    func runlog(_ level: LogLevel, _ capture: CaptureSink) -> RunlogLogger {
        RunlogLogger(level: level, tag: "orchestrator", sinks: [capture], rank: RankContext())
    }

    @Test func swiftLogCodeLogsIntoRunlogSinksAtTheRunlogLevel() {
        let capture = CaptureSink()
        let target = runlog(.info, capture)
        let logger = Logger(label: "app") { RunlogLogHandler(label: $0, logger: target) }
        #expect(logger.logLevel == .info)
        logger.debug("dropped")
        logger.info("kept", metadata: ["k": "v"])
        #expect(capture.records.map(\.message) == ["kept"])
        #expect(capture.records.first?.metadata == ["k": "v"])
        #expect(capture.records.first?.label == nil)
        #expect(capture.records.first?.tag == "orchestrator")
    }

    @Test func swiftLogLevelsMapToRunlogLevelsWithNoticeAsSuccess() {
        let capture = CaptureSink()
        let target = runlog(.trace, capture)
        let logger = Logger(label: "app") { RunlogLogHandler(label: $0, logger: target) }
        logger.trace("t")
        logger.debug("d")
        logger.info("i")
        logger.notice("n")
        logger.warning("w")
        logger.error("e")
        logger.critical("c")
        #expect(capture.records.map(\.level) == [.trace, .debug, .info, .success, .warning, .error, .critical])
        #expect(LogLevel.success.swiftLogLevel == .notice)
        #expect(LogLevel.allCases.allSatisfy { LogLevel($0.swiftLogLevel) == $0 })
    }

    @Test func interceptedLibraryLogsAtItsOwnLevelWithLabel() {
        let capture = CaptureSink()
        let target = runlog(.debug, capture)
        let prefixes: [String: LogLevel] = ["verifiers": .warning]
        let library = Logger(label: "verifiers.math") {
            SwiftLogBridge.makeHandler(label: $0, intercepting: prefixes, logger: target)
        }
        library.info("library chatter")  // below the library's own level although Runlog is at debug
        library.warning("slow reward function")
        #expect(capture.records.map(\.message) == ["slow reward function"])
        #expect(capture.records.first?.label == "verifiers.math")
        #expect(
            capture.records.first?.rendered(as: .text(colored: false)).hasSuffix(
                "WARNING [orchestrator] [verifiers.math] slow reward function\n"
            ) == true
        )
    }

    @Test func interceptedLibraryCanBeMoreVerboseThanRunlog() {
        let capture = CaptureSink()
        let target = runlog(.warning, capture)
        let library = Logger(label: "verifiers") {
            SwiftLogBridge.makeHandler(label: $0, intercepting: ["verifiers": .debug], logger: target)
        }
        library.debug("library debug")
        #expect(capture.records.map(\.level) == [.debug])
    }

    @Test func interceptedLibraryCannotChangeItsOwnLevel() {
        let capture = CaptureSink()
        let target = runlog(.trace, capture)
        var library = Logger(label: "verifiers.env") {
            SwiftLogBridge.makeHandler(label: $0, intercepting: ["verifiers": .error], logger: target)
        }
        library.logLevel = .trace
        #expect(library.logLevel == .error)
        library.info("still hidden")
        #expect(capture.records.isEmpty)
    }

    @Test func longestPrefixWinsAndOtherLabelsFollowRunlog() {
        let capture = CaptureSink()
        let target = runlog(.info, capture)
        let prefixes: [String: LogLevel] = ["verifiers": .error, "verifiers.rubric": .debug]
        let rubric = Logger(label: "verifiers.rubric.score") {
            SwiftLogBridge.makeHandler(label: $0, intercepting: prefixes, logger: target)
        }
        let other = Logger(label: "myapp.trainer") {
            SwiftLogBridge.makeHandler(label: $0, intercepting: prefixes, logger: target)
        }
        rubric.debug("rubric debug")
        other.debug("app debug hidden")
        other.info("app info")
        #expect(capture.records.map(\.message) == ["rubric debug", "app info"])
        #expect(capture.records.map(\.label) == ["verifiers.rubric.score", nil])
    }

    @Test func handlerMetadataIsAValueAndMergesWithEventMetadata() {
        let capture = CaptureSink()
        let target = runlog(.info, capture).bind(["run": "r1"])
        var logger = Logger(label: "app") { RunlogLogHandler(label: $0, logger: target) }
        logger[metadataKey: "request"] = "42"
        let copy = logger
        logger[metadataKey: "request"] = "43"
        copy.info("copy", metadata: ["extra": "yes"])
        #expect(capture.records.first?.metadata == ["run": "r1", "request": "42", "extra": "yes"])
    }
}
