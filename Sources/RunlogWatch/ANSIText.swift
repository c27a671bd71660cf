/// Removes terminal escape sequences from log text, for matching and parsing.
///
/// Display goes through Runlog's `TerminalText.neutralize`; this type only produces the plain text that
/// filters, timestamp parsing and the repeated-line mask look at, so a colour code never splits a word.
public enum ANSIText {
    /// The text with every escape sequence (CSI, OSC, DCS, two-byte ESC forms and their 8-bit C1
    /// spellings) and every control character other than tab removed.
    ///
    /// - Parameter text: Text as read from a log file.
    /// - Returns: What a reader sees, without colours or cursor movement.
    public static func plain(_ text: String) -> String {
        strip(text, onlySGR: false)
    }

    /// The text with well-formed SGR (colour and style) sequences removed and everything else kept.
    ///
    /// - Parameter text: Text as read from a log file.
    /// - Returns: The text without `ESC [ ... m` sequences; other escapes are left for neutralisation.
    public static func removingSGR(_ text: String) -> String {
        strip(text, onlySGR: true)
    }

    private static func strip(_ text: String, onlySGR: Bool) -> String {
        let scalars = Array(text.unicodeScalars)
        // Fast path: most log lines without colour have no escape or control at all.
        if !scalars.contains(where: { isControl($0) }) { return text }
        var out = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if let end = sequenceEnd(scalars, at: index) {
                let isSGR = end > index + 1 && scalars[end - 1] == "m" && isCSIStart(scalars, at: index)
                if !onlySGR || isSGR {
                    index = end
                    continue
                }
                out.append(contentsOf: scalars[index..<end])
                index = end
                continue
            }
            if !onlySGR && isControl(scalar) && scalar != "\t" {
                index += 1
                continue
            }
            out.append(scalar)
            index += 1
        }
        return String(out)
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
    }

    private static func isCSIStart(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        if scalars[index].value == 0x9B { return true }
        return scalars[index].value == 0x1B && index + 1 < scalars.count && scalars[index + 1] == "["
    }

    /// The index just past the escape sequence starting at `index`, or nil when none starts there.
    private static func sequenceEnd(_ scalars: [Unicode.Scalar], at index: Int) -> Int? {
        let first = scalars[index].value
        var cursor: Int
        var kind: UInt32
        if first == 0x1B {
            guard index + 1 < scalars.count else { return index + 1 }
            kind = scalars[index + 1].value
            cursor = index + 2
            switch kind {
            case 0x5B: kind = 0x9B  // ESC [ is CSI
            case 0x5D: kind = 0x9D  // ESC ] is OSC
            case 0x50: kind = 0x90  // ESC P is DCS
            case 0x58, 0x5E, 0x5F: kind = 0x98  // SOS, PM, APC: string until ST
            default: return cursor  // a two-byte escape such as ESC c (reset)
            }
        } else if first == 0x9B || first == 0x9D || first == 0x90 || first == 0x98 || first == 0x9E
            || first == 0x9F
        {
            kind = first == 0x9E || first == 0x9F ? 0x98 : first
            cursor = index + 1
        } else {
            return nil
        }
        if kind == 0x9B {
            // Parameters and intermediates, then one final byte in 0x40...0x7E.
            while cursor < scalars.count {
                let value = scalars[cursor].value
                cursor += 1
                if (0x40...0x7E).contains(value) { return cursor }
                if !(0x20...0x3F).contains(value) { return cursor - 1 }
            }
            return cursor
        }
        // String sequences end at BEL, ST (ESC \) or the 8-bit ST.
        while cursor < scalars.count {
            let value = scalars[cursor].value
            if value == 0x07 || value == 0x9C { return cursor + 1 }
            if value == 0x1B {
                if cursor + 1 < scalars.count && scalars[cursor + 1] == "\\" { return cursor + 2 }
                return cursor
            }
            cursor += 1
        }
        return cursor
    }
}
