import Runlog
import Synchronization
import Testing

@Suite struct LevelFilteringTests {
    @Test func recordsBelowTheLevelAreDropped() {
        let capture = CaptureSink()
        let logger = RunlogLogger(level: .warning, sinks: [capture], rank: RankContext())
        logger.trace("t")
        logger.debug("d")
        logger.info("i")
        logger.success("s")
        logger.warning("w")
        logger.error("e")
        logger.critical("c")
        logger.log(.info, "li")
        logger.log(.error, "le")
        #expect(capture.records.map(\.message) == ["w", "e", "c", "le"])
        #expect(capture.records.map(\.level) == [.warning, .error, .critical, .error])
    }

    @Test func disabledCallsNeverEvaluateTheMessage() {
        let evaluations = Atomic<Int>(0)
        func expensive() -> String {
            evaluations.add(1, ordering: .relaxed)
            return "expensive"
        }
        let logger = RunlogLogger(level: .info, sinks: [CaptureSink()], rank: RankContext())
        for _ in 0..<1000 {
            logger.debug(expensive())
            logger.trace(expensive())
            logger.log(.debug, expensive())
        }
        #expect(evaluations.load(ordering: .relaxed) == 0)
        logger.info(expensive())
        #expect(evaluations.load(ordering: .relaxed) == 1)
    }

    @Test func everyLevelEmitsAtTrace() {
        let capture = CaptureSink()
        let logger = RunlogLogger(level: .trace, sinks: [capture], rank: RankContext())
        for level in LogLevel.allCases { logger.log(level, level.name) }
        #expect(capture.records.map(\.level) == LogLevel.allCases)
        #expect(LogLevel.allCases.allSatisfy { logger.isEnabled($0) })
    }

    @Test func bindAddsMetadataAndSharesSinksAndLevel() {
        let capture = CaptureSink()
        let logger = RunlogLogger(
            level: .info,
            tag: "orch",
            metadata: ["run": "1"],
            sinks: [capture],
            rank: RankContext()
        )
        let worker = logger.bind(["env": "math"]).bind(["run": "2"])
        worker.debug("hidden")
        worker.info("bound")
        logger.info("unbound")
        #expect(worker.level == .info)
        #expect(capture.records.map(\.metadata) == [["env": "math", "run": "2"], ["run": "1"]])
        #expect(capture.records.allSatisfy { $0.tag == "orch" })
    }

    @Test func recordsCarryCallSite() {
        let capture = CaptureSink()
        let expectedLine: UInt = #line + 1
        RunlogLogger(level: .info, sinks: [capture], rank: RankContext()).info("here")
        let record = capture.records.first
        #expect(record?.file == "RunlogTests/LevelFilteringTests.swift")
        #expect(record?.function == "recordsCarryCallSite()")
        #expect(record?.line == expectedLine)
    }
}
