import Testing

@testable import RunlogSupervisor

@Suite struct LineAssemblerTests {
    private func lines(_ chunks: [[UInt8]], prefix: String = "[p]:", flush: Bool = true) -> [String] {
        var assembler = LineAssembler(prefix: prefix)
        let output = ByteBuffer(capacity: 64)
        for chunk in chunks {
            chunk.withUnsafeBytes { _ = assembler.append($0, into: output) }
        }
        if flush { assembler.flush(into: output) }
        var out: [String] = []
        ConsoleLines(stream: .standardOutput, source: "p", prefixLength: 0, bytes: output.bytes).forEachLine {
            out.append(String(decoding: $0, as: UTF8.self))
        }
        return out
    }

    @Test func wholeLinesArePrefixedAndPartialLinesWaitForTheirEnd() {
        let out = lines([Array("a\nb".utf8), Array("c\nd".utf8)], flush: false)
        #expect(out == ["[p]:a", "[p]:bc"])
    }

    @Test func lastPartialLineIsEmittedOnFlush() {
        #expect(lines([Array("x\nno newline".utf8)]) == ["[p]:x", "[p]:no newline"])
    }

    @Test func carriageReturnProgressCollapsesToTheLastRedraw() {
        let progress = (0...100).map { "\r\($0)%" }.joined() + "\n"
        #expect(lines([Array(progress.utf8)]) == ["[p]:100%"])
        #expect(lines([Array("dos line\r\n".utf8)]) == ["[p]:dos line"])
    }

    @Test func invalidUTF8IsReplacedAndEscapesAreNeutralised() {
        let out = lines([[0x66, 0xFF, 0xFE, 0x6F, 0x0A], Array("\u{1B}[2Jhi\u{1B}[31mred\n".utf8)])
        #expect(out[0] == "[p]:f\u{FFFD}\u{FFFD}o")
        #expect(!out[1].contains("\u{1B}[2J"))
        #expect(out[1].contains("\u{1B}[31mred"))
    }

    @Test func oneMebibyteLinePassesWhole() {
        let big = [UInt8](repeating: 0x61, count: 1 << 20) + [0x0A]
        let chunks = stride(from: 0, to: big.count, by: 65536).map { Array(big[$0..<min($0 + 65536, big.count)]) }
        let out = lines(chunks)
        #expect(out.count == 1)
        #expect(out[0].utf8.count == (1 << 20) + 4)
    }

    @Test func anEmptyPartialLineWithoutPrefixIsNotPrinted() {
        #expect(lines([Array("a\n\r".utf8)], prefix: "") == ["a"])
        #expect(lines([Array("a\n\n".utf8)], prefix: "") == ["a", ""])
    }
}
