/// Renders a record as one JSON object on one line:
/// `{"ts":"2026-11-26T21:07:04.123Z","level":"INFO","message":"…","tag":null,"label":null,"file":"…",`
/// `"function":"…","line":12,"pid":4242,"rank":0,"local_rank":0,"world_size":2,"metadata":{}}`.
///
/// `rank`, `local_rank` and `world_size` appear only when known; `ts` is UTC.
struct JSONLineEncoder {
    let pid: Int32

    /// Where the timestamp starts in every line (after `{"ts":"`); the flight recorder rewrites it there.
    static let timeOffset = 7

    func encode(_ record: LogRecord, into output: inout [UInt8]) {
        output.append(contentsOf: "{\"ts\":\"".utf8)
        ISO8601.append(record.timestamp, into: &output)
        output.append(contentsOf: "\",\"level\":\"".utf8)
        output.append(contentsOf: record.level.name.utf8)
        output.append(contentsOf: "\",\"message\":".utf8)
        Self.appendString(record.message, into: &output)
        output.append(contentsOf: ",\"tag\":".utf8)
        Self.appendOptionalString(record.tag, into: &output)
        output.append(contentsOf: ",\"label\":".utf8)
        Self.appendOptionalString(record.label, into: &output)
        output.append(contentsOf: ",\"file\":".utf8)
        Self.appendString(record.file, into: &output)
        output.append(contentsOf: ",\"function\":".utf8)
        Self.appendString(record.function, into: &output)
        output.append(contentsOf: ",\"line\":\(record.line),\"pid\":\(pid)".utf8)
        if let rank = record.rank.rank { output.append(contentsOf: ",\"rank\":\(rank)".utf8) }
        if let local = record.rank.localRank { output.append(contentsOf: ",\"local_rank\":\(local)".utf8) }
        if let world = record.rank.worldSize { output.append(contentsOf: ",\"world_size\":\(world)".utf8) }
        output.append(contentsOf: ",\"metadata\":{".utf8)
        var first = true
        for key in record.metadata.keys.sorted() {
            if !first { output.append(UInt8(ascii: ",")) }
            first = false
            Self.appendString(key, into: &output)
            output.append(UInt8(ascii: ":"))
            Self.appendString(record.metadata[key] ?? "", into: &output)
        }
        output.append(contentsOf: "}}\n".utf8)
    }

    private static func appendOptionalString(_ text: String?, into output: inout [UInt8]) {
        if let text {
            appendString(text, into: &output)
        } else {
            output.append(contentsOf: "null".utf8)
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends `text` as a JSON string. Control characters (C0, DEL, C1) and U+2028/U+2029 become `\uXXXX`,
    /// so the record stays one line and raw escape sequences never reach a terminal through `cat`.
    static func appendString(_ text: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var copy = text
        copy.withUTF8 { bytes in
            var index = 0
            var runStart = 0
            while index < bytes.count {
                let byte = bytes[index]
                // Bytes that need no escaping are copied in runs; only the rare special byte is handled alone.
                guard byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F || byte == 0xC2 || byte == 0xE2
                else {
                    index += 1
                    continue
                }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                index = appendSpecial(bytes, at: index, into: &output)
                runStart = index
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
        }
        output.append(UInt8(ascii: "\""))
    }

    /// Escapes the special byte at `index` (or copies it when it starts ordinary text); returns the next index.
    private static func appendSpecial(
        _ bytes: UnsafeBufferPointer<UInt8>,
        at index: Int,
        into output: inout [UInt8]
    )
        -> Int
    {
        let byte = bytes[index]
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"):
            output.append(UInt8(ascii: "\\"))
            output.append(byte)
        case 0x0A: output.append(contentsOf: "\\n".utf8)
        case 0x0D: output.append(contentsOf: "\\r".utf8)
        case 0x09: output.append(contentsOf: "\\t".utf8)
        case 0x00..<0x20, 0x7F:
            appendUnicodeEscape(UInt32(byte), into: &output)
        case 0xC2 where index + 1 < bytes.count && (0x80...0x9F).contains(bytes[index + 1]):
            appendUnicodeEscape(UInt32(bytes[index + 1]), into: &output)
            return index + 2
        case 0xE2
        where index + 2 < bytes.count && bytes[index + 1] == 0x80
            && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
            appendUnicodeEscape(0x2000 + UInt32(bytes[index + 2]) - 0x80, into: &output)
            return index + 3
        default:
            output.append(byte)
        }
        return index + 1
    }

    private static func appendUnicodeEscape(_ value: UInt32, into output: inout [UInt8]) {
        output.append(contentsOf: "\\u".utf8)
        for shift in stride(from: 12, through: 0, by: -4) {
            output.append(hexDigits[Int((value >> UInt32(shift)) & 0xF)])
        }
    }
}
