import Runlog
import Testing

@Suite struct TerminalTextTests {
    @Test func clearScreenIsShownAsVisibleText() {
        #expect(TerminalText.neutralize("a\u{1B}[2Jb", allowSGR: false) == "a\\u{1B}[2Jb")
    }

    @Test func cursorMovementIsNeutralisedEvenWhenSGRIsAllowed() {
        #expect(TerminalText.neutralize("\u{1B}[10;20H\u{1B}[1A", allowSGR: true) == "\\u{1B}[10;20H\\u{1B}[1A")
    }

    @Test func clipboardWriteOSC52IsNeutralised() {
        let hostile = "\u{1B}]52;c;ZWNobyBwd25lZA==\u{07}"
        #expect(TerminalText.neutralize(hostile, allowSGR: true) == "\\u{1B}]52;c;ZWNobyBwd25lZA==\\u{07}")
    }

    @Test func windowTitleOSCWithStringTerminatorIsNeutralised() {
        let hostile = "\u{1B}]0;title\u{1B}\\"
        #expect(TerminalText.neutralize(hostile, allowSGR: true) == "\\u{1B}]0;title\\u{1B}\\")
    }

    @Test func deviceControlStringIsNeutralised() {
        #expect(TerminalText.neutralize("\u{1B}P1$r\u{1B}\\", allowSGR: false) == "\\u{1B}P1$r\\u{1B}\\")
    }

    @Test func c1ControlsAreNeutralised() {
        // U+009B is the one-byte CSI, U+009D the one-byte OSC.
        #expect(TerminalText.neutralize("x\u{9B}2Jy\u{9D}0;t\u{9C}", allowSGR: true) == "x\\u{9B}2Jy\\u{9D}0;t\\u{9C}")
    }

    @Test func sgrPassesOnlyWhenAllowed() {
        let coloured = "\u{1B}[1;31mred\u{1B}[0m \u{1B}[38;5;208morange\u{1B}[m"
        #expect(TerminalText.neutralize(coloured, allowSGR: true) == coloured)
        #expect(
            TerminalText.neutralize(coloured, allowSGR: false)
                == "\\u{1B}[1;31mred\\u{1B}[0m \\u{1B}[38;5;208morange\\u{1B}[m"
        )
    }

    @Test func incompleteSGRIsNeutralised() {
        #expect(TerminalText.neutralize("\u{1B}[31", allowSGR: true) == "\\u{1B}[31")
    }

    @Test func carriageReturnBackspaceBellAndNewlineAreEscapedButTabIsKept() {
        #expect(
            TerminalText.neutralize("a\rb\u{08}c\u{07}d\ne\tf\u{7F}", allowSGR: false)
                == "a\\u{0D}b\\u{08}c\\u{07}d\\u{0A}e\tf\\u{7F}"
        )
    }

    @Test func bidiOverridesAndLineSeparatorsAreEscaped() {
        #expect(
            TerminalText.neutralize("abc\u{202E}def\u{2028}g\u{2066}", allowSGR: false)
                == "abc\\u{202E}def\\u{2028}g\\u{2066}"
        )
    }

    @Test func ordinaryUnicodeIsUntouched() {
        let text = "résumé — 学习 🚀 ∑ ≤ ≥"
        #expect(TerminalText.neutralize(text, allowSGR: false) == text)
        #expect(TerminalText.isInert(text))
        #expect(!TerminalText.isInert("a\u{1B}b"))
    }

    @Test func invalidUTF8BecomesReplacementCharacter() {
        let bytes: [UInt8] = [0x6F, 0x6B, 0xFF, 0xC3, 0x28, 0x1B, 0x5B, 0x32, 0x4A]
        #expect(TerminalText.neutralize(bytes: bytes, allowSGR: false) == "ok\u{FFFD}\u{FFFD}(\\u{1B}[2J")
    }
}
