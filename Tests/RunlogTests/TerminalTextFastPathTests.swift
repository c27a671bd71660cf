import Runlog
import Testing

/// The neutraliser scans printable ASCII eight bytes at a time. These tests prove its output is byte-identical
/// to the byte-by-byte scan, which handles every text shorter than eight bytes: each character that needs
/// care, placed at every position of a long printable text (so at every offset of an eight-byte word), gives
/// exactly the text around it plus that character neutralised on its own.
@Suite struct TerminalTextFastPathTests {
    /// Controls, DEL, C1 controls, line separators, bidi controls, and harmless non-ASCII for contrast.
    static let characters = [
        "\u{1B}", "\u{00}", "\u{07}", "\u{1F}", "\t", "\n", "\r", "\u{7F}", "\u{85}", "\u{9B}", "\u{2028}",
        "\u{2029}", "\u{202E}", "\u{2066}", "é", "日", "😀",
    ]
    /// Printable ASCII from its first (space) to its last (tilde) character.
    static let filler = " !\"#$%&'()*+,-./0123456789:;<=>?@ABCXYZ[\\]^_`abcxyz{|}~"

    @Test(arguments: characters)
    func characterAtEveryPositionIsNeutralisedAsOnItsOwn(character: String) {
        let alone = TerminalText.neutralize(character, allowSGR: false)
        for position in 0...Self.filler.count {
            let prefix = String(Self.filler.prefix(position))
            let suffix = String(Self.filler.dropFirst(position))
            let text = prefix + character + suffix
            #expect(TerminalText.neutralize(text, allowSGR: false) == prefix + alone + suffix)
        }
    }

    @Test func colourSequenceAtEveryPositionPassesWhenAllowed() {
        let colour = "\u{1B}[31m"
        for position in 0...Self.filler.count {
            let prefix = String(Self.filler.prefix(position))
            let suffix = String(Self.filler.dropFirst(position))
            #expect(TerminalText.neutralize(prefix + colour + suffix, allowSGR: true) == prefix + colour + suffix)
        }
    }

    @Test func longPrintableTextIsUnchangedAndInert() {
        let text = String(repeating: Self.filler, count: 5)
        #expect(TerminalText.neutralize(text, allowSGR: false) == text)
        #expect(TerminalText.isInert(text))
    }

    @Test func controlCharacterAtEveryPositionMakesTextNotInert() {
        for position in 0...Self.filler.count {
            let text = String(Self.filler.prefix(position)) + "\u{1B}" + String(Self.filler.dropFirst(position))
            #expect(!TerminalText.isInert(text))
        }
    }
}
