import Runlog
import Testing

@testable import RunlogSupervisor

/// The byte tee (fast path for inert lines, TerminalText for the rest) prints exactly what the
/// String-based tee printed, byte for byte, whatever a child writes and however its reads are split.
@Suite struct ByteTeeEquivalenceTests {
    /// The console bytes of the byte path, reading `input` in pieces ending at `cuts`.
    private func bytePath(_ input: [UInt8], cuts: [Int], prefix: String) -> [UInt8] {
        var assembler = LineAssembler(prefix: prefix)
        let output = ByteBuffer(capacity: 64)  // small, so growing is exercised too
        var start = 0
        for end in cuts + [input.count] where end >= start {
            input[start..<end].withUnsafeBytes { _ = assembler.append($0, into: output) }
            start = end
        }
        assembler.flush(into: output)
        return Array(output.bytes)
    }

    /// The console bytes the String tee wrote: each line and a newline.
    private func referencePath(_ input: [UInt8], cuts: [Int], prefix: String) -> [UInt8] {
        var assembler = ReferenceLineAssembler(prefix: prefix)
        var output: [UInt8] = []
        var start = 0
        for end in cuts + [input.count] where end >= start {
            assembler.append(Array(input[start..<end])) { output += Array($0.utf8) + [0x0A] }
            start = end
        }
        assembler.flush { output += Array($0.utf8) + [0x0A] }
        return output
    }

    private func expectSame(_ input: [UInt8], cuts: [Int] = [], prefix: String = "[default0]:") {
        let fast = bytePath(input, cuts: cuts, prefix: prefix)
        let slow = referencePath(input, cuts: cuts, prefix: prefix)
        #expect(fast == slow, "input \(input.prefix(80)) cuts \(cuts)")
    }

    static let hostileLines: [[UInt8]] = [
        Array("plain ascii line with tab\tand ~ symbols".utf8),
        Array("21:07:04    INFO [reverse_text_0] Loaded environment".utf8),
        Array("ünïcödé ✓ 日本語 😀 emoji".utf8),
        [0x66, 0xFF, 0xFE, 0x6F],  // invalid UTF-8
        [0xC0, 0xAF, 0xE0, 0x80, 0xAF, 0xED, 0xA0, 0x80, 0xF4, 0x90, 0x80, 0x80, 0xF5],  // overlongs, surrogate
        [0xE2, 0x82],  // truncated scalar at the line end
        [0xF0, 0x9F, 0x98],
        Array("no trailing newline".utf8),
        Array("\r10%\r50%\r100%".utf8),  // progress bar
        Array("dos line\r".utf8),
        [0x61, 0x00, 0x62],  // NUL
        Array("\u{1B}[2J\u{1B}[H\u{1B}[10;20Hcursor moves\u{1B}[A".utf8),
        Array("\u{1B}]0;title\u{07}\u{1B}]2;title\u{1B}\\".utf8),  // OSC 0 and 2
        Array("\u{1B}]52;c;aGVsbG8=\u{07}clipboard".utf8),  // OSC 52
        Array("\u{1B}[200~pasted\u{1B}[201~".utf8),  // bracketed paste
        [0xC2, 0x9B, 0x32, 0x4A, 0xC2, 0x9D, 0x30, 0x3B, 0x78, 0xC2, 0x9C, 0xC2, 0x85],  // C1 as UTF-8
        [0x9B, 0x32, 0x4A, 0x85],  // raw C1 bytes (invalid UTF-8)
        Array("\u{1B}[32mgreen\u{1B}[0m \u{1B}[1;38;5;208morange\u{1B}[m \u{1B}[38:2:1:2:3mrgb".utf8),  // SGR
        Array(("\u{1B}[" + String(repeating: "1;", count: 40) + "m long SGR").utf8),
        Array("\u{1B}[32".utf8),  // SGR cut at the line end
        Array("\u{1B}".utf8),
        Array("\u{7F}delete\u{08}backspace\u{0C}form feed".utf8),
        Array("line\u{2028}separator\u{2029}para\u{202E}bidi\u{2066}isolate\u{2069}".utf8),
        Array("\u{00A0}no-break \u{0085}next line".utf8),
        [],
    ]

    @Test func hostileLinesPrintTheSameBytesAsTheStringTee() {
        for line in Self.hostileLines {
            expectSame(line + [0x0A])
            expectSame(line)  // as the last partial line
            expectSame(line + [0x0A], prefix: "")
        }
        let all: [UInt8] = Self.hostileLines.flatMap { line -> [UInt8] in line + [0x0A] }
        for step in [1, 2, 3, 7, 64] {
            expectSame(all, cuts: Array(stride(from: step, to: all.count, by: step)))
        }
    }

    @Test func aOneMebibyteLineAndManyProgressRedrawsPrintTheSameBytes() {
        let big = (0..<(1 << 20)).map { UInt8(0x61 + $0 % 26) } + [0x0A]
        expectSame(big, cuts: [65536, 65537, 500_000])
        let progress = Array(
            (0...500).map { "\r\($0)% [" + String(repeating: "#", count: $0 % 50) + "]" }.joined().utf8
        )
        expectSame(progress + [0x0A], cuts: [100, 2000, 2001])
        expectSame(progress, cuts: [5000])
    }

    @Test func randomBytesPrintTheSameBytesAsTheStringTee() {
        var generator = SplitMix(seed: 0x5EED)
        // Bytes drawn mostly from the interesting ones, so escapes, C1 and broken UTF-8 are common.
        let interesting: [UInt8] = [
            0x0A, 0x0D, 0x1B, 0x5B, 0x6D, 0x3B, 0x3A, 0x31, 0x09, 0x00, 0x07, 0x7F, 0xC2, 0x9B, 0x85, 0xE2, 0x80,
            0xA8, 0xAE, 0x81, 0xA6, 0xF0, 0x9F, 0xBF, 0xED, 0xA0, 0xFF, 0x5D, 0x20, 0x61,
        ]
        for _ in 0..<400 {
            let count = Int(generator.next() % 300)
            let input: [UInt8] = (0..<count).map { _ in
                let roll = generator.next()
                return roll % 3 == 0
                    ? UInt8(truncatingIfNeeded: roll >> 8) : interesting[Int(roll >> 8) % interesting.count]
            }
            let cuts = (0..<Int(generator.next() % 4)).map { _ in Int(generator.next() % UInt64(max(count, 1))) }
                .sorted()
            expectSame(input, cuts: cuts)
        }
    }

    @Test func mostlyPlainRandomTextPrintsTheSameBytesAsTheStringTee() {
        // Long printable runs with a rare special byte, so the sixteen-byte scan meets line ends, escapes and
        // UTF-8 at every offset of its blocks.
        var generator = SplitMix(seed: 7)
        let rare: [UInt8] = [0x0A, 0x0A, 0x0A, 0x0D, 0x1B, 0x09, 0x7F, 0x00, 0xC3, 0xA9, 0xC2, 0x85, 0xE2, 0x80, 0xFF]
        for _ in 0..<300 {
            let count = Int(generator.next() % 2000)
            let input: [UInt8] = (0..<count).map { _ in
                let roll = generator.next()
                return roll % 23 == 0 ? rare[Int(roll >> 8) % rare.count] : UInt8(0x20 + (roll >> 8) % 95)
            }
            let cuts = (0..<Int(generator.next() % 3)).map { _ in Int(generator.next() % UInt64(max(count, 1))) }
                .sorted()
            expectSame(input, cuts: cuts)
        }
    }

    @Test func prefixesOfAnyLengthPrintTheSameBytes() {
        // The plain-line copy stores a prefix of up to sixteen bytes as one block and copies a longer one.
        var generator = SplitMix(seed: 99)
        for prefix in ["", "[0]:", "[default0]:", "[sixteen_bytes]:", "[seventeen_bytes]:", "[trainer_role_name12]:"] {
            for _ in 0..<40 {
                let count = Int(generator.next() % 600)
                let input: [UInt8] = (0..<count).map { _ in
                    let roll = generator.next()
                    return roll % 17 == 0 ? 0x0A : roll % 101 == 0 ? 0xC3 : UInt8(0x20 + (roll >> 8) % 95)
                }
                expectSame(input, cuts: [Int(generator.next() % UInt64(max(count, 1)))], prefix: prefix)
            }
        }
    }

    @Test func theFastPathOnlyAcceptsLinesTheSlowPathLeavesUnchanged() {
        var generator = SplitMix(seed: 42)
        let pieces: [[UInt8]] = Self.hostileLines + [Array("ok".utf8), Array(" ".utf8), Array("é".utf8), [0x09]]
        var accepted = 0
        for _ in 0..<3000 {
            var line: [UInt8] = []
            for _ in 0..<Int(generator.next() % 5) {
                let piece = pieces[Int(generator.next() % UInt64(pieces.count))]
                line += piece.filter { $0 != 0x0A }
            }
            let safe = line.withUnsafeBytes { ConsoleSafeBytes.passesUnchanged($0) }
            if safe {
                accepted += 1
                #expect(Array(TerminalText.neutralize(bytes: line, allowSGR: true).utf8) == line, "\(line)")
            }
        }
        #expect(accepted > 100)  // the property above is not vacuous
    }

    @Test func plainLogLinesTakeTheFastPath() {
        for line in [
            "21:07:04    INFO [trainer] step 12 | loss=0.4123 reward=0.88", "héllo wörld ✓", "\u{1B}[32mok\u{1B}[0m",
            "",
        ] {
            #expect(Array(line.utf8).withUnsafeBytes { ConsoleSafeBytes.passesUnchanged($0) }, "\(line)")
        }
        for line in ["a\u{1B}[2Jb", "\u{0085}", "\u{202E}", "a\rb", "bad\u{0}"] {
            #expect(!Array(line.utf8).withUnsafeBytes { ConsoleSafeBytes.passesUnchanged($0) }, "\(line)")
        }
    }
}

/// A small deterministic generator, so a failure can be replayed.
struct SplitMix {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
