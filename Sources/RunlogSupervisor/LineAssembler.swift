import Runlog

#if canImport(Glibc)
import Glibc
#endif

/// Turns a byte stream into whole console lines: splits on `\n`, keeps a partial line until its end
/// arrives (or the stream ends), collapses `\r` progress redraws to the last one, and neutralises
/// escape sequences and invalid UTF-8 so a child cannot take over the terminal.
///
/// It works on bytes end to end: each finished line is appended to the caller's output buffer as
/// prefix, text and `\n`, so a whole read becomes one buffer and one `write(2)`. Runs of plain lines
/// go through ``PlainLineCopier``; a line that ``ConsoleSafeBytes`` finds inert (plain text, SGR
/// colours) is copied as it is; any other line goes through `TerminalText.neutralize(bytes:allowSGR:)`,
/// which gives the same bytes for inert lines.
struct LineAssembler {
    /// A partial line longer than this is printed as a line of its own, so memory stays bounded.
    static let maximumLineBytes = 16 << 20

    let prefix: [UInt8]
    private let copier: PlainLineCopier
    private var pending: [UInt8] = []

    init(prefix: String) {
        self.prefix = Array(prefix.utf8)
        copier = PlainLineCopier(prefix: self.prefix)
    }

    /// Appends `chunk` and writes every line it completes to `output`.
    ///
    /// One pass finds the line ends, tells whether a line needs the careful path and copies the plain ones:
    /// the scan stops at the first byte that is not printable ASCII, which is the `\n` of a plain line.
    ///
    /// - Returns: How many lines were written.
    @discardableResult
    mutating func append(_ chunk: UnsafeRawBufferPointer, into output: ByteBuffer) -> Int {
        guard let base = chunk.baseAddress else { return 0 }
        let count = chunk.count
        var lines = 0
        var lineStart = 0
        if !pending.isEmpty {
            // The end of a line begun in an earlier read.
            let end = ConsoleLines.lineEnd(base, from: 0, count: count)
            guard end < count else {
                keepPartial(base, from: 0, count: count, output: output, lines: &lines)
                return lines
            }
            pending.append(contentsOf: UnsafeRawBufferPointer(start: base, count: end))
            pending.withUnsafeBytes { render($0, into: output) }
            pending.removeAll(keepingCapacity: pending.count < 65536)
            lines += 1
            lineStart = end + 1
        }
        scan: while lineStart < count {
            output.reserve(copier.room(forLineAt: lineStart, count: count))
            let run = copier.copy(
                base,
                from: lineStart,
                count: count,
                to: output.end,
                capacity: output.capacity &- output.count
            )
            output.advance(by: run.written)
            lines += run.lines
            lineStart = run.next
            switch run.stop {
            case .end, .full:
                continue
            case .unfinished:
                break scan
            case .special(let at):
                // Something to look at closely in this line: find its end, then take the careful path.
                let end = ConsoleLines.lineEnd(base, from: at, count: count)
                guard end < count else { break scan }
                render(UnsafeRawBufferPointer(start: base + lineStart, count: end - lineStart), into: output)
                lines += 1
                lineStart = end + 1
            }
        }
        if lineStart < count {
            keepPartial(base, from: lineStart, count: count, output: output, lines: &lines)
        }
        return lines
    }

    /// Keeps the unfinished line at the end of a read for the next one.
    private mutating func keepPartial(
        _ base: UnsafeRawPointer,
        from start: Int,
        count: Int,
        output: ByteBuffer,
        lines: inout Int
    ) {
        pending.append(contentsOf: UnsafeRawBufferPointer(start: base + start, count: count - start))
        collapseProgress()
        if pending.count > LineAssembler.maximumLineBytes {
            lines += flush(into: output)
        }
    }

    /// Writes the partial line, if any (the stream ended without a final newline).
    ///
    /// - Returns: How many lines were written (0 or 1).
    @discardableResult
    mutating func flush(into output: ByteBuffer) -> Int {
        guard !pending.isEmpty else { return 0 }
        let mark = output.count
        pending.withUnsafeBytes { render($0, into: output) }
        pending.removeAll()
        if output.count == mark + 1 {
            output.removeLast()  // nothing to show: no prefix and no text
            return 0
        }
        return 1
    }

    /// A partial line redrawn with `\r` (a progress bar) only needs its last redraw.
    private mutating func collapseProgress() {
        guard let lastReturn = pending.lastIndex(of: 0x0D), lastReturn + 1 < pending.count else { return }
        pending.removeSubrange(0...lastReturn)
    }

    /// Appends the prefix, the line's last `\r` redraw made safe, and `\n`.
    private func render(_ line: UnsafeRawBufferPointer, into output: ByteBuffer) {
        prefix.withUnsafeBytes { output.append($0) }
        if !line.isEmpty {
            var text = line
            if ConsoleSafeBytes.passesUnchanged(text) {
                output.append(text)  // no CR either, so nothing to cut
            } else {
                text = Self.lastRedraw(text)
                if ConsoleSafeBytes.passesUnchanged(text) {
                    output.append(text)
                } else {
                    var safe = TerminalText.neutralize(bytes: text, allowSGR: true)
                    safe.withUTF8 { output.append(UnsafeRawBufferPointer($0)) }
                }
            }
        }
        output.append(0x0A)
    }

    /// The part of `line` after its last `\r`, without a final `\r` (a CRLF line end).
    private static func lastRedraw(_ line: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        guard let base = line.baseAddress else { return line }
        var end = line.count
        if end > 0 && line[end - 1] == 0x0D {
            end -= 1
        }
        var start = end
        while start > 0 && line[start - 1] != 0x0D {
            start -= 1
        }
        return UnsafeRawBufferPointer(start: base + start, count: end - start)
    }
}
