import CRunlogHotPath

/// Renders a record as prime-rl's text line:
/// `HH:mm:ss  LEVEL [rank N] [tag] [label] message key=value [file::line]`.
///
/// The time is dim and the rest takes the level's colour when `colored`. The message is neutralised
/// (``TerminalText``); SGR sequences inside it pass only when `colored`. Continuation lines of a multi-line
/// message start with ``continuationPrefix`` so every physical line is visibly part of its record.
///
/// A line is the clock, a *prefix* that is the same for every record of one logger at one level (colour,
/// level, rank, tag, label), the message and a suffix. Loggers render the prefixes once
/// (``LevelPrefixes``); records from elsewhere render theirs per record. Both go through ``encode(seconds:level:prefix:message:metadata:file:line:into:)``,
/// so the bytes are the same either way.
struct TextLineEncoder {
    let colored: Bool
    let layout: TextLayout

    /// The start of each continuation line: 17 spaces (the width of `HH:mm:ss    INFO `) and `| `.
    static let continuationPrefix: [UInt8] = Array((String(repeating: " ", count: 17) + "| ").utf8)

    /// What replaces `\n` in a plain message.
    private static let plainNewline: StaticString = "\n                 | "

    /// What replaces `\n` in a coloured message: reset before the newline, the level colour after the prefix.
    private static func colouredNewline(_ level: LogLevel) -> StaticString {
        switch level {
        case .trace: return "\u{1B}[0m\n                 | \u{1B}[36m\u{1B}[1m"
        case .debug: return "\u{1B}[0m\n                 | \u{1B}[34m\u{1B}[1m"
        case .info: return "\u{1B}[0m\n                 | \u{1B}[1m"
        case .success: return "\u{1B}[0m\n                 | \u{1B}[32m\u{1B}[1m"
        case .warning: return "\u{1B}[0m\n                 | \u{1B}[33m\u{1B}[1m"
        case .error: return "\u{1B}[0m\n                 | \u{1B}[31m\u{1B}[1m"
        case .critical: return "\u{1B}[0m\n                 | \u{1B}[41m\u{1B}[1m"
        }
    }

    private static let levelNames: [[UInt8]] = LogLevel.allCases.map { level in
        let name = level.name
        return Array((String(repeating: " ", count: max(0, 7 - name.count)) + name).utf8)
    }

    /// The bytes between the clock and the message: `[reset] [colour]  LEVEL [rank N] [tag] [label] `.
    func prefix(level: LogLevel, rank: RankContext, tag: String?, label: String?) -> [UInt8] {
        var output: [UInt8] = []
        if colored { output.append(contentsOf: ANSIStyle.reset) }
        output.append(UInt8(ascii: " "))
        if colored { output.append(contentsOf: ANSIStyle.levelColors[level.rawValue]) }
        output.append(contentsOf: Self.levelNames[level.rawValue])
        if layout.showsRank, let rank = rank.rank {
            output.append(contentsOf: " [rank \(rank)]".utf8)
        }
        if let tag {
            appendBracketed(tag, into: &output)
        }
        if let label {
            appendBracketed(label, into: &output)
        }
        output.append(UInt8(ascii: " "))
        return output
    }

    /// Renders `record`, prefix included.
    func encode<Output: LineOutput>(_ record: LogRecord, into output: inout Output) {
        let prefix = prefix(level: record.level, rank: record.rank, tag: record.tag, label: record.label)
        var message = record.message
        prefix.withUnsafeBufferPointer { prefix in
            message.withUTF8 { message in
                encode(
                    seconds: record.timestamp.seconds,
                    level: record.level,
                    prefix: prefix,
                    message: message,
                    metadata: record.metadata,
                    file: record.file,
                    line: record.line,
                    into: &output
                )
            }
        }
    }

    /// Renders one line from its parts: the clock of `seconds`, `prefix` (from ``prefix(level:rank:tag:label:)``),
    /// the neutralised `message` (UTF-8), then metadata and location as the layout says, and the newline.
    @inline(__always)
    func encode<Output: LineOutput>(
        seconds: Int,
        level: LogLevel,
        prefix: UnsafeBufferPointer<UInt8>,
        message: UnsafeBufferPointer<UInt8>,
        metadata: [String: String]?,
        file: String?,
        line: UInt,
        into output: inout Output
    ) {
        appendStart(seconds: seconds, level: level, prefix: prefix, message: message, into: &output)
        if layout.showsMetadata, let metadata, !metadata.isEmpty {
            appendMetadata(metadata, into: &output)
        }
        if layout.showsLocation {
            appendLocation(file: file ?? "", line: line, into: &output)
        }
        appendEnd(into: &output)
    }

    /// ``encode(seconds:level:prefix:message:metadata:file:line:into:)`` for a line without metadata and
    /// location (the usual one): the same bytes, with nothing on the log path that such a line never uses.
    @inline(__always)
    func encodeLine<Output: LineOutput>(
        seconds: Int,
        level: LogLevel,
        prefix: UnsafeBufferPointer<UInt8>,
        message: UnsafeBufferPointer<UInt8>,
        into output: inout Output
    ) {
        appendStart(seconds: seconds, level: level, prefix: prefix, message: message, into: &output)
        appendEnd(into: &output)
    }

    /// ``encodeLine(seconds:level:prefix:message:into:)`` straight into raw memory for a message of printable
    /// ASCII only (nothing to neutralise, the usual message): the same bytes, with the message scanned and
    /// copied in one pass (`runlog_copy_if_printable`) instead of a scan, a copy and a cursor kept in memory.
    ///
    /// - Returns: The length written, or -1 when the line may not fit in `capacity` or the message holds a
    ///   byte the neutraliser looks at (control, DEL, tab, non-ASCII); the bytes at `base` are then
    ///   unspecified and the caller encodes the line with ``encodeLine(seconds:level:prefix:message:into:)``.
    @inline(__always)
    func encodePrintableLine(
        seconds: Int,
        prefix: UnsafeBufferPointer<UInt8>,
        message: UnsafeBufferPointer<UInt8>,
        to base: UnsafeMutablePointer<UInt8>,
        capacity: Int
    ) -> Int {
        // The clock, prefix, message and newline, and the dim and reset sequences (4 bytes each) when coloured.
        guard (colored ? 17 : 9) &+ prefix.count &+ message.count <= capacity else { return -1 }
        let raw = UnsafeMutableRawPointer(base)
        var position = 0
        if colored {
            raw.storeBytes(of: Self.word(of: "\u{1B}[2m"), as: UInt32.self)
            position = 4
        }
        raw.storeBytes(of: LocalTimeCache.clockText(seconds: seconds), toByteOffset: position, as: UInt64.self)
        position &+= 8
        if let source = prefix.baseAddress {
            copyBytes(source, to: base + position, count: prefix.count)
            position &+= prefix.count
        }
        if let source = message.baseAddress {
            guard runlog_copy_if_printable(base + position, source, message.count) != 0 else { return -1 }
            position &+= message.count
        }
        if colored {
            raw.storeBytes(of: Self.word(of: "\u{1B}[0m"), toByteOffset: position, as: UInt32.self)
            position &+= 4
        }
        base[position] = UInt8(ascii: "\n")
        return position &+ 1
    }

    /// The four bytes of `text` (four bytes long) as one word in memory order.
    @inline(__always)
    private static func word(of text: StaticString) -> UInt32 {
        UnsafeRawPointer(text.utf8Start).loadUnaligned(as: UInt32.self)
    }

    /// The part every line has first: the (dim) clock, the prefix and the neutralised message.
    @inline(__always)
    private func appendStart<Output: LineOutput>(
        seconds: Int,
        level: LogLevel,
        prefix: UnsafeBufferPointer<UInt8>,
        message: UnsafeBufferPointer<UInt8>,
        into output: inout Output
    ) {
        if colored { output.appendStatic("\u{1B}[2m") }
        LocalTimeCache.appendClock(seconds: seconds, into: &output)
        output.appendBytes(prefix)
        let newline = colored ? Self.colouredNewline(level) : Self.plainNewline
        TerminalText.appendNeutralized(bytes: message, allowSGR: colored, newline: newline, into: &output)
    }

    /// The part every line has last: the colour reset and the newline.
    @inline(__always)
    private func appendEnd<Output: LineOutput>(into output: inout Output) {
        if colored { output.appendStatic("\u{1B}[0m") }
        output.append(UInt8(ascii: "\n"))
    }

    private func appendMetadata<Output: LineOutput>(_ metadata: [String: String], into output: inout Output) {
        if colored { output.appendStatic("\u{1B}[0m") }
        for key in metadata.keys.sorted() {
            output.append(UInt8(ascii: " "))
            TerminalText.appendNeutralized(key, allowSGR: false, into: &output)
            output.append(UInt8(ascii: "="))
            TerminalText.appendNeutralized(metadata[key] ?? "", allowSGR: false, into: &output)
        }
    }

    private func appendLocation<Output: LineOutput>(file: String, line: UInt, into output: inout Output) {
        if colored { output.appendStatic("\u{1B}[0m") }
        output.appendStatic(" [")
        TerminalText.appendNeutralized(file, allowSGR: false, into: &output)
        output.appendStatic("::")
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { raw in
            let base = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
            var index = raw.count
            var rest = line
            repeat {
                index -= 1
                base[index] = UInt8(truncatingIfNeeded: 48 &+ rest % 10)
                rest /= 10
            } while rest > 0
            output.appendBytes(base + index, count: raw.count - index)
        }
        output.append(UInt8(ascii: "]"))
    }

    private func appendBracketed(_ text: String, into output: inout [UInt8]) {
        output.append(contentsOf: [UInt8(ascii: " "), UInt8(ascii: "[")])
        TerminalText.appendNeutralized(text, allowSGR: false, into: &output)
        output.append(UInt8(ascii: "]"))
    }
}
