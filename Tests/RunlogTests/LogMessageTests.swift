import Foundation
import Synchronization
import Testing

@testable import Runlog

/// A value whose `description` counts how often it is evaluated (and may log, to test re-entrancy).
final class Probe: CustomStringConvertible, Sendable {
    let evaluations = Atomic<Int>(0)
    let onDescribe: @Sendable () -> Void

    init(onDescribe: @escaping @Sendable () -> Void = {}) { self.onDescribe = onDescribe }

    var description: String {
        evaluations.add(1, ordering: .relaxed)
        onDescribe()
        return "probe"
    }
}

/// `LogMessage` interpolation: what each interpolated value is written as, exact fixed-point rounding,
/// evaluation only when enabled, and messages built inside messages.
@Suite struct LogMessageTests {
    enum Mode { case fast, slow }
    struct Point { let x: Int }

    @Test func literalAndInterpolatedValuesAreWrittenAsStringInterpolationWritesThem() {
        let text = "wörld"
        let int8: Int8 = -128
        let point = Point(x: 3)
        let optional: Int? = 5
        let message: LogMessage =
            "a \(42) \(-7) \(Int.min) \(UInt64.max) \(int8) \(text) \(text.dropFirst(2)) \(true) \(Mode.fast) \(point) \(optional as Any) \(LogLevel.warning) \(Character("é"))"
        let expected =
            "a 42 -7 \(Int.min) \(UInt64.max) -128 wörld rld true fast \(point) Optional(5) WARNING é"
        #expect(message.description == expected)
        #expect(LogMessage("plain").description == "plain")
        #expect(("literal only" as LogMessage).description == "literal only")
        #expect(("x" as LogMessage).description == "x")
        #expect(("" as LogMessage).description == "")
    }

    @Test func doublesWithoutDecimalsKeepSwiftsDescription() {
        for value in [0.1, 1e-05, 1.0 / 3, 2.5, -0.0, 1e300, .nan, .infinity, -.infinity, 123_456_789.125] {
            #expect(("\(value)" as LogMessage).description == value.description)
        }
        let single: Float = 0.1
        #expect(("\(single)" as LogMessage).description == single.description)
    }

    /// Records the first value whose `\(value, decimals: n)` differs from `String(format: "%.nf")`.
    private func expectPrintfText(of values: [Double], decimals counts: [Int]) {
        for value in values {
            for decimals in counts {
                let ours = ("\(value, decimals: decimals)" as LogMessage).description
                let reference = String(format: "%.\(decimals)f", value)
                if ours != reference {
                    Issue.record("\(value) with \(decimals) decimals: \(ours) != \(reference)")
                    return
                }
            }
        }
    }

    @Test func decimalsRoundExactlyAsPrintfDoes() {
        var values: [Double] = [
            0, -0.0, 0.5, 1.5, 2.5, -2.5, 0.125, 0.375, -0.125, 1.00005, 2.49995, 0.00005, 0.00015, 1e-300,
            .leastNonzeroMagnitude, 123.456, -987.654321, 9_007_199_254_740_991, 1e15, 1e17, 1e22,
            1.7976931348623157e308,
            -1e300, 0.1, 0.2, 0.3, 4.35, 4.45, 1.005, 2.675,
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<4000 {
            values.append(Double.random(in: -1000...1000, using: &generator))
            values.append(Double(Int.random(in: -1_000_000...1_000_000, using: &generator)) / 2048)  // exact ties
            values.append(Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &generator)))
        }
        for index in stride(from: 0, to: 1_000_000, by: 997) { values.append(2.5 - Double(index) * 1e-6) }
        expectPrintfText(of: values, decimals: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12])
    }

    @Test func decimalsRoundExactlyAroundTiesAndTheQuickPathsLimit() {
        // Values within a few ulps of a tie of the last decimal (where the scaled product is not exact) and
        // around 2^40 after scaling (where the quick path ends), for every decimal count the quick path takes.
        var values: [Double] = []
        for decimals in 0...9 {
            let scale = (0..<decimals).reduce(1.0) { power, _ in power * 10 }
            for whole in [0.0, 1, 7, 12_345, 999_999, 0x1p39 - 3, 0x1p40 - 1, 0x1p40, 0x1p41] {
                var value = (whole + 0.5) / scale
                for _ in 0..<4 { value = value.nextDown }
                for _ in 0..<9 {
                    values += [value, -value]
                    value = value.nextUp
                }
            }
        }
        expectPrintfText(of: values, decimals: Array(0...9))
    }

    @Test func integersAroundEveryPowerOfTenAreWrittenAsSwiftWritesThem() {
        // The digit count comes from the bit length and one compare with a power of ten: every boundary.
        var values: [UInt64] = [0, 1, UInt64.max, UInt64.max - 1, 1 << 63]
        var power: UInt64 = 1
        for _ in 0...19 {
            values += [power - 1, power, power + 1]
            if power > UInt64.max / 10 { break }
            power *= 10
        }
        for exponent in 0..<64 { values += [(1 << exponent) - 1, 1 << exponent] }
        for value in values {
            #expect(("\(value)" as LogMessage).description == String(value))
            if value <= UInt64(Int64.max) {
                let signed = -Int64(value)
                #expect(("\(signed)" as LogMessage).description == String(signed))
            }
        }
    }

    @Test func decimalsAroundEveryPowerOfTenOfTheIntegerPartMatchPrintf() {
        // The integer part's digit count at every power of ten the quick path reaches (scaled below 2^40),
        // including values that round up to the next power (9.99996 with 4 decimals is 10.0000).
        var values: [Double] = []
        var power = 1.0
        for _ in 0...12 {
            for delta in [-0.6, -0.5, -0.4, -0.000_000_1, 0, 0.000_000_1, 0.4] {
                values += [power + delta, -(power + delta)]
            }
            power *= 10
        }
        expectPrintfText(of: values, decimals: Array(0...9))
    }

    @Test func numbersAppendedToANearlyFullBufferAreWrittenWhole() {
        // A number that may not fit takes the growing path. A message that is not logged keeps its buffer, so
        // each message below starts from a new buffer of the initial capacity and fills it to every level
        // around its end.
        _ = ("\(0)" as LogMessage).description
        let capacity = MessageBufferCache.initialCapacity
        for length in (capacity - 40)...(capacity + 2) {
            let padding = String(repeating: "x", count: length)
            let integer: LogMessage = "\(padding)\(-1_234_567_890_123)"
            #expect(integer.description == padding + "-1234567890123")
            let fixed: LogMessage = "\(padding)\(-1099.123_456_789, decimals: 9)"
            #expect(fixed.description == padding + "-1099.123456789")
            let wide: LogMessage = "\(padding)\(-99_999_999.1234, decimals: 4)"
            #expect(wide.description == padding + "-99999999.1234")
            let tie: LogMessage = "\(padding)\(0.125, decimals: 2)"
            #expect(tie.description == padding + "0.12")
        }
    }

    @Test func decimalsOfSpecialValuesAndBadCounts() {
        #expect(("\(Double.nan, decimals: 4)" as LogMessage).description == String(format: "%.4f", Double.nan))
        #expect(("\(Double.infinity, decimals: 4)" as LogMessage).description == "inf")
        #expect(("\(-Double.infinity, decimals: 2)" as LogMessage).description == "-inf")
        #expect(("\(2.5, decimals: -3)" as LogMessage).description == "2")
        #expect(("\(Float(0.25), decimals: 1)" as LogMessage).description == "0.2")
    }

    @Test func aDisabledCallDoesNotEvaluateItsInterpolation() {
        let capture = CaptureSink()
        let logger = RunlogLogger(level: .info, sinks: [capture])
        let probe = Probe()
        logger.debug("value \(probe)")
        logger.trace("value \(probe) \(1.5, decimals: 0)")
        #expect(probe.evaluations.load(ordering: .relaxed) == 0)
        logger.info("value \(probe)")
        #expect(probe.evaluations.load(ordering: .relaxed) == 1)
        #expect(capture.records.map(\.message) == ["value probe"])
    }

    @Test func aMessageWhoseInterpolationLogsIsWrittenWhole() {
        let capture = CaptureSink()
        let logger = RunlogLogger(level: .info, sinks: [capture])
        let inner = Probe { logger.info("inner \(7) line \("x")") }
        logger.info("outer \(1) [\(inner)] \(2.5, decimals: 2) end")
        #expect(capture.records.map(\.message) == ["inner 7 line x", "outer 1 [probe] 2.50 end"])
    }

    @Test func aStoredMessageKeepsItsTextWhileLaterMessagesAreBuilt() async {
        let capture = CaptureSink()
        let logger = RunlogLogger(level: .info, sinks: [capture])
        let kept: LogMessage = "kept \(1) \(String(repeating: "k", count: 300))"
        for index in 0..<100 { logger.info("step \(index) \(String(repeating: "z", count: index * 10))") }
        logger.info(kept)
        logger.info(kept)
        let fromAnotherThread = await Task.detached { () -> String in
            logger.info("detached \(2)")
            return kept.description
        }.value
        let messages = capture.records.map(\.message)
        #expect(messages[100] == kept.description && messages[101] == kept.description)
        #expect(fromAnotherThread == "kept 1 " + String(repeating: "k", count: 300))
        #expect(messages.last == "detached 2")
        #expect(messages[99] == "step 99 " + String(repeating: "z", count: 990))
    }

    @Test func aLoggedMessagesBufferIsReusedByTheNextMessage() {
        // Steady state allocates nothing: the buffer goes back to the thread after the log call. A weak
        // reference follows the buffer without keeping it (nor its address) alive.
        let logger = RunlogLogger(level: .info, sinks: [CaptureSink()])
        weak var threadBuffer: MessageBuffer?
        do {
            let message: LogMessage = "step \(1) | loss=\(2.5, decimals: 4)"
            threadBuffer = message.buffer
            logger.info(message)
        }
        #expect(threadBuffer != nil, "the thread kept no buffer")
        var reused = 0
        for step in 0..<100 {
            let message: LogMessage = "step \(step) | loss=\(Double(step) / 3, decimals: 4)"
            if let threadBuffer, message.buffer === threadBuffer { reused += 1 }
            logger.info(message)
        }
        #expect(reused == 100)
    }

    @Test func threadsBuildingMessagesAtOnceNeverMixThem() async {
        let capture = CaptureSink()
        let logger = RunlogLogger(level: .info, sinks: [capture])
        await withTaskGroup(of: Void.self) { group in
            for thread in 0..<8 {
                group.addTask {
                    for index in 0..<500 { logger.info("t\(thread) i\(index) \(Double(index) / 8, decimals: 3)") }
                }
            }
        }
        let messages = Set(capture.records.map(\.message))
        #expect(messages.count == 4000)
        #expect(messages.contains("t7 i499 62.375"))
    }
}
