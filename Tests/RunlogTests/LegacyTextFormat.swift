@testable import Runlog

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The text line format exactly as Runlog wrote it before the fast path (String message, per-record
/// prefix, byte-by-byte appends), kept as the reference the optimised encoders must match byte for byte.
enum LegacyTextFormat {
    static func render(_ record: LogRecord, colored: Bool, layout: TextLayout) -> [UInt8] {
        let reset = Array("\u{1B}[0m".utf8)
        let color = Array(ANSIStyle.colorSequence(for: record.level).utf8)
        var output: [UInt8] = []
        if colored { output += Array("\u{1B}[2m".utf8) }
        output += Array(legacyClock(record.timestamp.seconds).utf8)
        if colored { output += reset }
        output.append(UInt8(ascii: " "))
        if colored { output += color }
        let name = record.level.name
        output += Array((String(repeating: " ", count: max(0, 7 - name.count)) + name).utf8)
        if layout.showsRank, let rank = record.rank.rank { output += Array(" [rank \(rank)]".utf8) }
        for text in [record.tag, record.label].compactMap({ $0 }) {
            output += Array(" [".utf8) + neutralize(text, allowSGR: false, newline: nil) + [UInt8(ascii: "]")]
        }
        output.append(UInt8(ascii: " "))
        let prefix = Array((String(repeating: " ", count: 17) + "| ").utf8)
        let newline = colored ? reset + [10] + prefix + color : [10] + prefix
        output += neutralize(record.message, allowSGR: colored, newline: newline)
        if layout.showsMetadata, !record.metadata.isEmpty {
            if colored { output += reset }
            for key in record.metadata.keys.sorted() {
                output += [UInt8(ascii: " ")] + neutralize(key, allowSGR: false, newline: nil) + [UInt8(ascii: "=")]
                output += neutralize(record.metadata[key] ?? "", allowSGR: false, newline: nil)
            }
        }
        if layout.showsLocation {
            if colored { output += reset }
            output += Array(" [".utf8) + neutralize(record.file, allowSGR: false, newline: nil)
            output += Array("::\(record.line)]".utf8)
        }
        if colored { output += reset }
        output.append(10)
        return output
    }

    /// `HH:mm:ss` local time through `localtime_r`, as the old encoder's cache computed it.
    static func legacyClock(_ seconds: Int) -> String {
        var time = time_t(seconds)
        var parts = tm()
        localtime_r(&time, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))"
    }

    /// The old neutraliser: byte by byte, `\u{XX}` escapes, newline replacement, SGR pass-through.
    static func neutralize(_ text: String, allowSGR: Bool, newline: [UInt8]?) -> [UInt8] {
        let input = Array(text.utf8)
        var output: [UInt8] = []
        var index = 0
        func escape(_ scalar: UInt32) {
            var hex = String(scalar, radix: 16, uppercase: true)
            if hex.count < 2 { hex = "0" + hex }
            output += Array("\\u{\(hex)}".utf8)
        }
        while index < input.count {
            let byte = input[index]
            if byte == 0x0A, let newline {
                output += newline
                index += 1
            } else if byte == 0x1B, allowSGR, let end = sgrEnd(input, index) {
                output += input[index..<end]
                index = end
            } else if (byte < 0x20 && byte != 0x09) || byte == 0x7F {
                escape(UInt32(byte))
                index += 1
            } else if byte == 0xC2, index + 1 < input.count, (0x80...0x9F).contains(input[index + 1]) {
                escape(UInt32(input[index + 1]))
                index += 2
            } else if byte == 0xE2, index + 2 < input.count,
                case let scalar = (UInt32(byte & 0x0F) << 12) | (UInt32(input[index + 1] & 0x3F) << 6)
                    | UInt32(input[index + 2] & 0x3F),
                (0x2028...0x202E).contains(scalar) || (0x2066...0x2069).contains(scalar)
            {
                escape(scalar)
                index += 3
            } else {
                output.append(byte)
                index += 1
            }
        }
        return output
    }

    private static func sgrEnd(_ input: [UInt8], _ escapeAt: Int) -> Int? {
        var index = escapeAt + 1
        guard index < input.count, input[index] == UInt8(ascii: "[") else { return nil }
        index += 1
        let limit = min(input.count, index + 64)
        while index < limit {
            let byte = input[index]
            if byte == UInt8(ascii: "m") { return index + 1 }
            guard (0x30...0x39).contains(byte) || byte == UInt8(ascii: ";") || byte == UInt8(ascii: ":") else {
                return nil
            }
            index += 1
        }
        return nil
    }
}
