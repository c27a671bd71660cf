import CRunlogTee
import Testing

/// The tee's plain-line loop takes the widest blocks the CPU has (32 bytes with AVX2); the portable loop
/// (16 with SSE2, 8 elsewhere) must copy the same lines, stop at the same byte for the same reason, and
/// write the same console bytes. ByteTeeEquivalenceTests check the loop this machine picks against the
/// String tee; these check the two loops against each other and against the expected bytes.
@Suite struct PlainLineLoopTests {
    private typealias Loop = (
        UnsafePointer<UInt8>?, Int, Int, UnsafeMutablePointer<UInt8>?, Int, UnsafePointer<UInt8>?, Int
    ) -> runlog_plain_run

    /// What one call did, and the console bytes it wrote.
    private struct Outcome: Equatable, CustomStringConvertible {
        var next: Int
        var written: Int
        var lines: Int
        var specialAt: Int
        var stop: UInt32
        var bytes: [UInt8]

        var description: String {
            "next \(next) written \(written) lines \(lines) special \(specialAt) stop \(stop)"
        }
    }

    private func run(_ loop: Loop, _ input: [UInt8], start: Int, capacity: Int, prefix: [UInt8]) -> Outcome {
        let padded = prefix + [UInt8](repeating: 0, count: max(0, 16 - prefix.count))
        // Exactly the room given, so AddressSanitizer (scripts/sanitize.sh) reports any store past it.
        var destination = [UInt8](repeating: 0xEE, count: max(capacity, 1))
        let result = input.withUnsafeBufferPointer { read in
            padded.withUnsafeBufferPointer { prefixBytes in
                destination.withUnsafeMutableBufferPointer { out in
                    loop(
                        read.baseAddress,
                        start,
                        read.count,
                        out.baseAddress,
                        capacity,
                        prefixBytes.baseAddress,
                        prefix.count
                    )
                }
            }
        }
        let special = result.stop == RUNLOG_PLAIN_SPECIAL ? result.special_at : -1
        return Outcome(
            next: result.next,
            written: result.written,
            lines: result.lines,
            specialAt: special,
            stop: result.stop.rawValue,
            bytes: Array(destination[0..<result.written])
        )
    }

    private func bothLoops(_ input: [UInt8], start: Int = 0, capacity: Int? = nil, prefix: [UInt8]) -> Outcome {
        let room = capacity ?? (input.count * 2 + prefix.count * input.count + 64)
        let widest = run(runlog_copy_plain_lines, input, start: start, capacity: room, prefix: prefix)
        let portable = run(runlog_copy_plain_lines_portable, input, start: start, capacity: room, prefix: prefix)
        #expect(widest == portable, "input \(input.count) bytes from \(start), room \(room), prefix \(prefix.count)")
        return widest
    }

    @Test func plainLinesOfEveryLengthAreCopiedWholeAfterThePrefix() {
        for prefix in ["", "[0]:", "[default0]:", "[sixteen_bytes]:", "[trainer_role_name12]:"].map({ Array($0.utf8) })
        {
            for length in 0...100 {
                let line = (0..<length).map { UInt8(0x20 + ($0 * 7) % 95) }
                let input = Array((0..<5).map { _ in line + [0x0A] }.joined())
                let outcome = bothLoops(input, prefix: prefix)
                #expect(outcome.stop == RUNLOG_PLAIN_END.rawValue)
                #expect(outcome.lines == 5)
                #expect(outcome.next == input.count)
                #expect(outcome.bytes == Array((0..<5).map { _ in prefix + line + [0x0A] }.joined()))
            }
        }
    }

    @Test func theLoopsStopAtTheFirstByteThatNeedsTheCarefulPath() {
        let prefix = Array("[default1]:".utf8)
        let first = Array("08:29:35    INFO step 1 | loss=0.4123 reward=0.8800\n".utf8)
        for special: UInt8 in [0x1B, 0x09, 0x7F, 0x00, 0xC3, 0x80, 0x0D] {
            for position in 0..<90 {
                var second = (0..<90).map { UInt8(0x41 + $0 % 26) } + [0x0A]
                second[position] = special
                let outcome = bothLoops(first + second, prefix: prefix)
                #expect(outcome.stop == RUNLOG_PLAIN_SPECIAL.rawValue)
                #expect(outcome.specialAt == first.count + position, "byte \(special) at \(position)")
                #expect(outcome.next == first.count)
                #expect(outcome.lines == 1)
                #expect(outcome.bytes == prefix + first)
            }
        }
    }

    @Test func aReadThatEndsInsideALineLeavesItForTheNextRead() {
        let input = Array("first line\n".utf8) + (0..<75).map { UInt8(0x61 + $0 % 26) }
        for end in 11...input.count {
            let outcome = bothLoops(Array(input[0..<end]), prefix: Array("[p]:".utf8))
            #expect(outcome.stop == (end == 11 ? RUNLOG_PLAIN_END : RUNLOG_PLAIN_UNFINISHED).rawValue)
            #expect(outcome.next == 11)
            #expect(outcome.bytes == Array("[p]:first line\n".utf8))
        }
    }

    @Test func randomReadsGiveTheSameOutcomeInBothLoops() {
        var generator = SplitMix(seed: 0xB10C)
        let rare: [UInt8] = [0x0A, 0x0A, 0x0A, 0x0A, 0x1B, 0x09, 0x7F, 0x00, 0xC3, 0x80, 0xFF, 0x0D]
        let prefixes = ["", "[0]:", "[default0]:", "[sixteen_bytes]:", "[seventeen_bytes]:"].map { Array($0.utf8) }
        var stops = Set<UInt32>()
        for _ in 0..<3000 {
            let count = Int(generator.next() % 400)
            let input: [UInt8] = (0..<count).map { _ in
                let roll = generator.next()
                return roll % 29 == 0 ? rare[Int(roll >> 8) % rare.count] : UInt8(0x20 + (roll >> 8) % 95)
            }
            let start = count == 0 ? 0 : Int(generator.next() % UInt64(count))
            let prefix = prefixes[Int(generator.next() % UInt64(prefixes.count))]
            // Room from none at all to plenty, so the loops also stop for a full destination at every line.
            let capacity = Int(generator.next() % UInt64(count * 2 + 40))
            stops.insert(bothLoops(input, start: start, capacity: capacity, prefix: prefix).stop)
        }
        #expect(stops.count == 4)  // every way of stopping was met
    }
}
