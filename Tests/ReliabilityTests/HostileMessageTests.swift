import Foundation
import RunlogTestSupport
import Testing

/// Messages, tags and metadata logged through the library with content that could attack a terminal
/// (invalid UTF-8, NUL, `\r` bars, cursor moves, screen clears, OSC 0/2 titles, OSC 52 clipboard writes,
/// bracketed paste, C1 controls, bidi overrides, a 1 MiB message): the probe must not crash, and neither its
/// console nor its files may contain a control byte other than newline, tab, or the ESC of a complete SGR
/// colour sequence (and none at all without colour).
@Suite(.serialized) struct HostileMessageTests {
    static let records = 14

    /// Where the first byte that may not reach a terminal is, and what it is; nil when there is none.
    func firstUnsafeByte(in bytes: [UInt8], allowSGR: Bool) -> String? {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x1B {
                guard allowSGR, let end = sgrEnd(bytes, index) else { return context(bytes, index, "ESC") }
                index = end
                continue
            }
            if (byte < 0x20 && byte != 0x0A && byte != 0x09) || byte == 0x7F {
                return context(bytes, index, "control 0x\(String(byte, radix: 16))")
            }
            if byte == 0xC2, index + 1 < bytes.count, (0x80...0x9F).contains(bytes[index + 1]) {
                return context(bytes, index, "C1 control")
            }
            index += 1
        }
        return nil
    }

    private func sgrEnd(_ bytes: [UInt8], _ start: Int) -> Int? {
        var index = start + 1
        guard index < bytes.count, bytes[index] == UInt8(ascii: "[") else { return nil }
        index += 1
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "m") { return index + 1 }
            guard (0x30...0x39).contains(byte) || byte == UInt8(ascii: ";") || byte == UInt8(ascii: ":") else {
                return nil
            }
            index += 1
        }
        return nil
    }

    private func context(_ bytes: [UInt8], _ index: Int, _ what: String) -> String {
        let start = max(0, index - 30)
        let end = min(bytes.count, index + 30)
        return "\(what) at \(index): \(String(decoding: bytes[start..<end], as: UTF8.self).debugDescription)"
    }

    /// The SGR sequences removed, so the text can be checked as plain text.
    func withoutSGR(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0x1B, let end = sgrEnd(bytes, index) {
                index = end
                continue
            }
            output.append(bytes[index])
            index += 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Every physical line is a record line or a continuation line of one; returns the record lines.
    func expectWellFormedLines(_ text: String, source: String) {
        var records = 0
        // The tag's own escape sequence, shown inert, contains a `]`; shorten it so the line parses.
        let inertTag = "evil\\u{1B}]0;tag\\u{07}"
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            if let record = PlainRecordLine(Substring(line.replacing(inertTag, with: "evil"))) {
                records += 1
                #expect(record.tag == "evil", "\(source): \(line.prefix(80))")
            } else {
                #expect(line.hasPrefix(String(repeating: " ", count: 17) + "| "), "\(source): \(line.prefix(80))")
            }
        }
        #expect(records == Self.records, "\(source): \(records) record lines")
        #expect(text.contains(String(repeating: "m", count: 1 << 20)), "\(source): the 1 MiB message is missing")
        #expect(text.contains("clipboard\\u{1B}]52;c;ZWNobyBwd25lZA==\\u{07}"), "\(source): OSC 52 not shown escaped")
        #expect(text.contains("paste\\u{1B}[200~rm -rf /\\u{1B}[201~"), "\(source): bracketed paste not escaped")
        #expect(text.contains("nul\\u{00}in"), "\(source): NUL not shown escaped")
        #expect(text.contains("progress 10%\\u{0D}progress 50%"), "\(source): carriage return not escaped")
        #expect(text.contains("ok\u{FFFD}\u{FFFD}"), "\(source): invalid UTF-8 not replaced")
    }

    func expectNeutralised(colored: Bool) throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let path = directory.file("hostile.log")
        let result = try runProbe(["hostile", path, colored ? "colored" : "plain"])
        #expect(result.status == 0 && !result.signaled, "status \(result.status): \(result.standardError)")
        let console = result.standardOutput
        let file = readBytes(path)
        let json = readBytes(path + ".jsonl")
        #expect(firstUnsafeByte(in: console, allowSGR: colored) == nil, "console")
        #expect(firstUnsafeByte(in: file, allowSGR: colored) == nil, "file")
        #expect(firstUnsafeByte(in: json, allowSGR: false) == nil, "JSON lines")
        #expect(String(validating: console, as: UTF8.self) != nil, "console is not valid UTF-8")
        #expect(String(validating: file, as: UTF8.self) != nil, "file is not valid UTF-8")
        expectWellFormedLines(withoutSGR(console), source: "console")
        expectWellFormedLines(withoutSGR(file), source: "file")
        let objects = String(decoding: json, as: UTF8.self).split(separator: "\n")
        #expect(objects.count == Self.records)
        for object in objects {
            #expect((try? JSONSerialization.jsonObject(with: Data(object.utf8))) != nil, "\(object.prefix(80))")
        }
    }

    @Test func hostileMessagesReachAPlainConsoleAndFileOnlyAsInertText() throws {
        try expectNeutralised(colored: false)
    }

    @Test func hostileMessagesReachAColouredConsoleAndFileWithOnlyCompleteSGRSequences() throws {
        try expectNeutralised(colored: true)
    }
}
