import Runlog

/// Masks the parts of a log line that differ between ranks or workers saying the same thing.
///
/// Hex ids (`0x7f3a`, `3fa9c2e1`, UUIDs) become `<id>` and every run of digits becomes `#`, so
/// `12:00:01 rank 3 loaded shard 0x7f3a` and `12:00:02 rank 5 loaded shard 0x9b01` mask to the same key.
/// Words are runs of ASCII letters and digits; every other byte (punctuation, non-ASCII text) is kept as
/// it is. The work is done on UTF-8 bytes, so a rank launcher can mask each tee'd line without building a
/// `String`.
public enum LineMask {
    /// The masked form of `line`.
    ///
    /// - Parameter line: Plain text (no escape sequences), for example from ``ANSIText/plain(_:)``.
    /// - Returns: The line with hex ids and numbers replaced by placeholders.
    public static func mask(_ line: String) -> String {
        var key: [UInt8] = []
        var copy = line
        copy.withUTF8 { appendMask(of: UnsafeRawBufferPointer($0), into: &key) }
        return String(decoding: key, as: UTF8.self)
    }

    /// Appends the masked form of `line` to `output`, skipping SGR sequences (`ESC [` digits, `;`, `:`
    /// then `m`) as ``ANSIText/plain(_:)`` would, so a coloured line and a plain one mask alike.
    ///
    /// - Parameters:
    ///   - line: UTF-8 text whose only escape sequences are SGR (a tee'd line after neutralisation).
    ///   - output: Receives the masked bytes.
    public static func appendMask(ofNeutralized line: UnsafeRawBufferPointer, into output: inout [UInt8]) {
        guard line.contains(0x1B) else {
            appendMask(of: line, into: &output)
            return
        }
        var plain: [UInt8] = []
        plain.reserveCapacity(line.count)
        var index = 0
        while index < line.count {
            if line[index] == 0x1B, let end = TerminalText.sgrEnd(in: line, escapeAt: index) {
                index = end
                continue
            }
            plain.append(line[index])
            index += 1
        }
        plain.withUnsafeBytes { appendMask(of: $0, into: &output) }
    }

    /// Appends the masked form of the plain text `line` to `output`.
    ///
    /// - Parameters:
    ///   - line: UTF-8 text without escape sequences.
    ///   - output: Receives the masked bytes.
    public static func appendMask(of line: UnsafeRawBufferPointer, into output: inout [UInt8]) {
        output.append(contentsOf: masked(line))
    }

    /// The key of a tee'd line: its masked form (SGR sequences skipped, see
    /// ``appendMask(ofNeutralized:into:)``), hashed once.
    ///
    /// - Parameter line: UTF-8 text whose only escape sequences are SGR.
    /// - Returns: The key the collapser compares.
    public static func key(ofNeutralized line: UnsafeRawBufferPointer) -> LineKey {
        guard line.contains(0x1B) else { return LineKey(masked(line)) }
        var bytes: [UInt8] = []
        appendMask(ofNeutralized: line, into: &bytes)
        return LineKey(bytes)
    }

    /// The masked bytes of plain text, in one allocation.
    private static func masked(_ line: UnsafeRawBufferPointer) -> [UInt8] {
        // "<id>" replaces at least three bytes ("0x1"), and "#" at least one: a third more always fits.
        [UInt8](unsafeUninitializedCapacity: line.count + line.count / 3 + 4) { buffer, count in
            count = mask(line, into: UnsafeMutableRawPointer(buffer.baseAddress!))
        }
    }

    /// Writes the masked form of `line` to `out`, which has room for a third more than `line`; returns
    /// the length. A byte at a time into raw memory: per-token array appends cost more than the bytes.
    private static func mask(_ line: UnsafeRawBufferPointer, into out: UnsafeMutableRawPointer) -> Int {
        var written = 0
        @inline(__always) func put(_ byte: UInt8) {
            out.storeBytes(of: byte, toByteOffset: written, as: UInt8.self)
            written &+= 1
        }
        func putID() {
            for byte in idPlaceholder { put(byte) }
        }
        let count = line.count
        var index = 0
        while index < count {
            let byte = line[index]
            guard isWordByte(byte) else {
                put(byte)
                index &+= 1
                continue
            }
            var end = index
            var allHex = true
            var hasDigit = false
            var hasLetter = false
            while end < count {
                let next = line[end]
                if isDigit(next) {
                    hasDigit = true
                } else if isLetter(next) {
                    hasLetter = true
                    allHex = allHex && (next | 0x20) &- 0x61 < 6
                } else {
                    break
                }
                end &+= 1
            }
            // A UUID-like id starts with a word of hex digits followed by `-`.
            if allHex && end < count && line[end] == UInt8(ascii: "-"), let idEnd = hyphenatedIDEnd(line, from: index) {
                putID()
                index = idEnd
                continue
            }
            if isHexID(UnsafeRawBufferPointer(rebasing: line[index..<end]), allHex, hasDigit, hasLetter) {
                putID()
                index = end
                continue
            }
            var inDigits = false
            while index < end {
                let next = line[index]
                if isDigit(next) {
                    if !inDigits { put(UInt8(ascii: "#")) }
                    inDigits = true
                } else {
                    put(next)
                    inDigits = false
                }
                index &+= 1
            }
        }
        return written
    }

    private static let idPlaceholder: [UInt8] = Array("<id>".utf8)

    @inline(__always)
    private static func isWordByte(_ byte: UInt8) -> Bool {
        isDigit(byte) || isLetter(byte)
    }

    @inline(__always)
    private static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

    @inline(__always)
    private static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) &- 0x61 < 26 }

    @inline(__always)
    private static func isHexDigit(_ byte: UInt8) -> Bool { isDigit(byte) || (byte | 0x20) &- 0x61 < 6 }

    /// The end of a hyphenated hex id such as a UUID (groups of hex digits joined by `-`, 16 or more digits
    /// in all), or nil when none starts at `start`.
    private static func hyphenatedIDEnd(_ line: UnsafeRawBufferPointer, from start: Int) -> Int? {
        var index = start
        var groups = 0
        var digits = 0
        var hasNumber = false
        while true {
            let groupStart = index
            while index < line.count && isHexDigit(line[index]) {
                hasNumber = hasNumber || isDigit(line[index])
                index += 1
            }
            guard index > groupStart else { return nil }
            if index < line.count && isWordByte(line[index]) { return nil }
            groups += 1
            digits += index - groupStart
            guard index + 1 < line.count, line[index] == UInt8(ascii: "-"), isHexDigit(line[index + 1]) else {
                break
            }
            index += 1
        }
        return groups >= 2 && digits >= 16 && hasNumber ? index : nil
    }

    /// Whether a word of ASCII letters and digits is a hex id: `0x` and hex digits, or six or more hex
    /// digits with both digits and letters ("deadbeef" alone stays a word).
    private static func isHexID(
        _ word: UnsafeRawBufferPointer,
        _ allHex: Bool,
        _ hasDigit: Bool,
        _ hasLetter: Bool
    )
        -> Bool
    {
        if word.count > 2 && word[0] == UInt8(ascii: "0") && word[1] | 0x20 == UInt8(ascii: "x") {
            return word.dropFirst(2).allSatisfy(isHexDigit)
        }
        return word.count >= 6 && allHex && hasDigit && hasLetter
    }
}
