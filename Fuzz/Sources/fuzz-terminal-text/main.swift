import FuzzSupport
import Runlog

#if canImport(Glibc)
import Glibc
#endif

// The first byte's low bit says whether SGR is allowed; the rest is untrusted bytes. The output of
// TerminalText.neutralize(bytes:allowSGR:) must be inert (no ESC but complete SGR when allowed, no other
// control), a fixed point (neutralising it again changes nothing), the same as neutralising the decoded
// text; and a whole record line rendered with those bytes as message, tag and metadata must be inert too.
exit(
    LibFuzzerDriver.run { data, size in
        guard let data, size > 0 else { return 0 }
        let allowSGR = data[0] & 1 == 1
        let bytes = UnsafeBufferPointer(start: data + 1, count: size - 1)
        let output = TerminalText.neutralize(bytes: bytes, allowSGR: allowSGR)
        FuzzProperties.checkInert(Array(output.utf8), allowSGR: allowSGR, newlines: false)
        precondition(TerminalText.neutralize(output, allowSGR: allowSGR) == output, "not a fixed point")
        let text = String(decoding: bytes, as: UTF8.self)
        precondition(TerminalText.neutralize(text, allowSGR: allowSGR) == output, "bytes and text disagree")

        let record = LogRecord(level: .warning, message: text, tag: String(text.prefix(16)), metadata: ["k": text])
        let layout = TextLayout(showsLocation: true)
        let line = Array(record.rendered(as: .text(colored: allowSGR), layout: layout).utf8)
        FuzzProperties.checkInert(line, allowSGR: allowSGR, newlines: true)
        precondition(line.last == 0x0A, "a record line must end with a newline")
        return 0
    }
)
