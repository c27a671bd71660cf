/// Neutralises control characters and escape sequences from untrusted text (child output, model text)
/// so it cannot move the cursor, clear the screen, retitle the terminal or write the clipboard.
///
/// Every C0 control (except horizontal tab), DEL, every C1 control (U+0080–U+009F), the Unicode line and
/// paragraph separators and the bidirectional overrides are shown as visible text in Swift's escape
/// spelling, `\u{1B}`. Because every escape sequence (CSI, OSC including OSC 52, DCS, APC, PM, SOS) starts
/// with ESC or a C1 control, the whole sequence becomes inert visible text: `ESC [2J` is shown as
/// `\u{1B}[2J`. With `allowSGR`, a complete SGR sequence (`ESC [` digits, `;` or `:` … `m`), which only
/// sets colours and text attributes, passes through unchanged.
///
/// ```swift
/// TerminalText.neutralize("done\u{1B}[2J\u{1B}]52;c;aGk=\u{07}", allowSGR: false)
/// // done\u{1B}[2J\u{1B}]52;c;aGk=\u{07}   (shown literally, backslashes and all)
/// ```
public enum TerminalText {
    /// Returns `text` with control characters and escape sequences made visible and inert.
    ///
    /// Newlines and carriage returns are escaped too (`\u{0A}`, `\u{0D}`): split multi-line text into
    /// lines first if each line should stay a line.
    ///
    /// - Parameters:
    ///   - text: Untrusted text.
    ///   - allowSGR: Whether complete SGR (colour) sequences may pass unchanged.
    /// - Returns: Text that is safe to print to a terminal.
    public static func neutralize(_ text: String, allowSGR: Bool) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        appendNeutralized(text, allowSGR: allowSGR, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Returns raw bytes (for example a child's output) as safe text: invalid UTF-8 becomes U+FFFD, then
    /// the text is neutralised as by ``neutralize(_:allowSGR:)``.
    ///
    /// - Parameters:
    ///   - bytes: Untrusted bytes.
    ///   - allowSGR: Whether complete SGR (colour) sequences may pass unchanged.
    /// - Returns: Text that is safe to print to a terminal.
    public static func neutralize(bytes: some Collection<UInt8>, allowSGR: Bool) -> String {
        neutralize(String(decoding: bytes, as: UTF8.self), allowSGR: allowSGR)
    }

    /// Whether `text` contains nothing that ``neutralize(_:allowSGR:)`` would change (with `allowSGR` off).
    ///
    /// - Parameter text: The text to check.
    public static func isInert(_ text: String) -> Bool {
        var copy = text
        let quick = copy.withUTF8 { firstSuspiciousByte(in: $0, from: 0) == nil }
        return quick || neutralize(text, allowSGR: false) == text
    }

    /// Appends the neutralised UTF-8 of `text` to `output`. When `newline` is given, each `\n` is replaced by
    /// those bytes (the formatter's continuation indent) instead of being escaped.
    static func appendNeutralized<Output: LineOutput>(
        _ text: String,
        allowSGR: Bool,
        newline: StaticString? = nil,
        into output: inout Output
    ) {
        var copy = text
        copy.withUTF8 { input in appendNeutralized(bytes: input, allowSGR: allowSGR, newline: newline, into: &output) }
    }

    /// Appends the neutralised form of the UTF-8 bytes `input` (valid UTF-8) to `output`, as
    /// ``appendNeutralized(_:allowSGR:newline:into:)`` does for a string.
    @inline(__always)
    static func appendNeutralized<Output: LineOutput>(
        bytes input: UnsafeBufferPointer<UInt8>,
        allowSGR: Bool,
        newline: StaticString?,
        into output: inout Output
    ) {
        var start = 0
        while let index = firstSuspiciousByte(in: input, from: start) {
            output.appendBytes(UnsafeBufferPointer(rebasing: input[start..<index]))
            start = handleSuspicious(in: input, at: index, allowSGR: allowSGR, newline: newline, into: &output)
        }
        output.appendBytes(UnsafeBufferPointer(rebasing: input[start...]))
    }

    /// The index of the first byte that may start something to neutralise: a C0 control other than tab, DEL,
    /// 0xC2 (lead byte of C1 controls) or 0xE2 (lead byte of U+2028/2029 and the bidi controls).
    private static func firstSuspiciousByte(in input: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var index = start
        // Eight bytes at a time while all of them are printable ASCII (0x20...0x7E), the usual case; the first
        // word holding any other byte (control, DEL, tab, non-ASCII) is looked at byte by byte below.
        if let base = input.baseAddress {
            let raw = UnsafeRawPointer(base)
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highBits: UInt64 = 0x8080_8080_8080_8080
            func isPrintable(_ word: UInt64) -> Bool {
                let belowSpace = (word &- 0x20 &* ones) & ~word & highBits
                let deleteDistance = word ^ (0x7F &* ones)
                let isDelete = (deleteDistance &- ones) & ~deleteDistance & highBits
                return (word & highBits) | belowSpace | isDelete == 0
            }
            while index &+ 8 <= input.count {
                guard isPrintable(raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) else { break }
                index &+= 8
            }
            // Fewer than eight bytes left after printable words: check the last eight bytes as one word (the
            // overlap was already found printable), so a printable text never takes the byte loop.
            if index < input.count, index &+ 8 > input.count, input.count >= 8,
                isPrintable(raw.loadUnaligned(fromByteOffset: input.count &- 8, as: UInt64.self))
            {
                return nil
            }
        }
        while index < input.count {
            let byte = input[index]
            if (byte < 0x20 && byte != 0x09) || byte == 0x7F || byte == 0xC2 || byte == 0xE2 {
                return index
            }
            index += 1
        }
        return nil
    }

    /// Handles the suspicious byte at `index`; returns the index after what it consumed.
    private static func handleSuspicious<Output: LineOutput>(
        in input: UnsafeBufferPointer<UInt8>,
        at index: Int,
        allowSGR: Bool,
        newline: StaticString?,
        into output: inout Output
    ) -> Int {
        let byte = input[index]
        if byte == 0x0A, let newline {
            output.appendStatic(newline)
            return index + 1
        }
        if byte == 0x1B, allowSGR, let end = sgrEnd(in: UnsafeRawBufferPointer(input), escapeAt: index) {
            output.appendBytes(UnsafeBufferPointer(rebasing: input[index..<end]))
            return end
        }
        if byte < 0x20 || byte == 0x7F {
            appendEscape(UInt32(byte), into: &output)
            return index + 1
        }
        if byte == 0xC2, index + 1 < input.count, (0x80...0x9F).contains(input[index + 1]) {
            appendEscape(UInt32(input[index + 1]), into: &output)
            return index + 2
        }
        if byte == 0xE2, index + 2 < input.count {
            let second = input[index + 1]
            let third = input[index + 2]
            // U+2028...U+202E: line/paragraph separators and bidi embeddings/overrides;
            // U+2066...U+2069: bidi isolates.
            let scalar = (UInt32(byte & 0x0F) << 12) | (UInt32(second & 0x3F) << 6) | UInt32(third & 0x3F)
            if (0x2028...0x202E).contains(scalar) || (0x2066...0x2069).contains(scalar) {
                appendEscape(scalar, into: &output)
                return index + 3
            }
        }
        output.append(byte)
        return index + 1
    }

    /// The end index of a complete SGR sequence (`ESC [`, then within the next 64 bytes only digits, `;` and
    /// `:` before an `m`) starting at `escapeAt`, if it is one: the sequences the neutraliser lets through
    /// when colour is allowed. The tee's console scan and `runlog`'s line masks use the same bounds.
    ///
    /// - Parameters:
    ///   - input: The bytes.
    ///   - escapeAt: The index of an ESC byte in `input`.
    /// - Returns: The index just after the `m`, or nil.
    package static func sgrEnd(in input: UnsafeRawBufferPointer, escapeAt: Int) -> Int? {
        var index = escapeAt + 1
        guard index < input.count, input[index] == UInt8(ascii: "[") else { return nil }
        index += 1
        let limit = min(input.count, index + 64)
        while index < limit {
            let byte = input[index]
            if byte == UInt8(ascii: "m") { return index + 1 }
            guard (0x30...0x3B).contains(byte) else { return nil }  // digits, ':' and ';'
            index += 1
        }
        return nil
    }

    /// Appends `\u{XX}` (at least two upper-case hex digits) for `scalar`.
    private static func appendEscape<Output: LineOutput>(_ scalar: UInt32, into output: inout Output) {
        output.appendStatic("\\u{")
        var digits = 2
        while digits < 8, scalar >> UInt32(4 * digits) != 0 { digits += 1 }
        for position in stride(from: digits - 1, through: 0, by: -1) {
            let nibble = UInt8(truncatingIfNeeded: scalar >> UInt32(4 * position)) & 0xF
            output.append(nibble < 10 ? 48 + nibble : 55 + nibble)
        }
        output.append(UInt8(ascii: "}"))
    }
}
