import CRunlogTee
import Runlog

/// Decides, at memory speed, whether a line of a child's output can be printed exactly as it is.
///
/// The tee's slow path decodes a line as UTF-8 (invalid bytes become U+FFFD) and runs Runlog's
/// `TerminalText.neutralize(bytes:allowSGR: true)`. For almost every log line that changes nothing, so
/// the tee copies the bytes instead when this check says the slow path would return them unchanged:
/// valid UTF-8 with no C0 control other than tab, no DEL, no C1 control (U+0080–U+009F), no line or
/// paragraph separator or bidi control (U+2028–U+202E, U+2066–U+2069), and ESC only as the start of a
/// complete SGR sequence (`ESC [` digits, `;` or `:`, up to 64 bytes, then `m`). Anything else returns
/// false and goes through the slow path, so the printed bytes are the same either way (tests compare
/// both paths on hostile and random input).
enum ConsoleSafeBytes {
    /// Whether the slow path would print `line` unchanged.
    ///
    /// - Parameter line: One line without its line end.
    /// - Returns: True when the bytes can be copied as they are.
    static func passesUnchanged(_ line: UnsafeRawBufferPointer) -> Bool {
        guard let base = line.baseAddress else { return true }
        let count = line.count
        var index = 0
        while true {
            index = printableASCIIEnd(base, from: index, count: count)
            if index == count { return true }
            let byte = base.load(fromByteOffset: index, as: UInt8.self)
            if byte == 0x09 {
                index += 1
            } else if byte == 0x1B {
                let line = UnsafeRawBufferPointer(start: base, count: count)
                guard let end = TerminalText.sgrEnd(in: line, escapeAt: index) else { return false }
                index = end
            } else if byte >= 0x80 {
                guard let end = inertScalarEnd(base, leadAt: index, count: count) else { return false }
                index = end
            } else {
                return false  // another C0 control or DEL
            }
        }
    }

    /// The index of the first byte at or after `start` outside printable ASCII (0x20...0x7E), or `count`:
    /// a control (such as the `\n` that ends a line), DEL, or a byte of a non-ASCII scalar. Sixteen bytes
    /// at a time (`runlog_printable_ascii_end`, the tee's own test of a block): log lines are mostly plain ASCII.
    @inline(__always)
    private static func printableASCIIEnd(_ base: UnsafeRawPointer, from start: Int, count: Int) -> Int {
        runlog_printable_ascii_end(base.assumingMemoryBound(to: UInt8.self), start, count)
    }

    /// The end of the well-formed UTF-8 scalar whose lead byte is at `leadAt`, or nil when it is invalid
    /// (the slow path would replace it) or one that TerminalText escapes.
    private static func inertScalarEnd(_ base: UnsafeRawPointer, leadAt: Int, count: Int) -> Int? {
        @inline(__always) func byte(_ offset: Int) -> UInt8 {
            base.load(fromByteOffset: leadAt + offset, as: UInt8.self)
        }
        @inline(__always) func isContinuation(_ value: UInt8) -> Bool { value & 0xC0 == 0x80 }
        let lead = byte(0)
        switch lead {
        case 0xC2...0xDF:
            guard leadAt + 1 < count, isContinuation(byte(1)) else { return nil }
            if lead == 0xC2 && byte(1) <= 0x9F { return nil }  // a C1 control
            return leadAt + 2
        case 0xE0...0xEF:
            guard leadAt + 2 < count else { return nil }
            let second = byte(1)
            let secondRange: ClosedRange<UInt8> =
                lead == 0xE0 ? 0xA0...0xBF : lead == 0xED ? 0x80...0x9F : 0x80...0xBF
            guard secondRange.contains(second), isContinuation(byte(2)) else { return nil }
            if lead == 0xE2 {
                let scalar = 0x2000 | (UInt32(second & 0x3F) << 6) | UInt32(byte(2) & 0x3F)
                if (0x2028...0x202E).contains(scalar) || (0x2066...0x2069).contains(scalar) { return nil }
            }
            return leadAt + 3
        case 0xF0...0xF4:
            guard leadAt + 3 < count else { return nil }
            let secondRange: ClosedRange<UInt8> =
                lead == 0xF0 ? 0x90...0xBF : lead == 0xF4 ? 0x80...0x8F : 0x80...0xBF
            guard secondRange.contains(byte(1)), isContinuation(byte(2)), isContinuation(byte(3)) else {
                return nil
            }
            return leadAt + 4
        default:
            return nil  // a stray continuation byte, an overlong lead (C0, C1) or F5...FF
        }
    }
}
