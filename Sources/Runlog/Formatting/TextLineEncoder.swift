/// Renders a record as prime-rl's text line:
/// `HH:mm:ss  LEVEL [rank N] [tag] [label] message key=value [file::line]`.
///
/// The time is dim and the rest takes the level's colour when `colored`. The message is neutralised
/// (``TerminalText``); SGR sequences inside it pass only when `colored`. Continuation lines of a multi-line
/// message start with ``continuationPrefix`` so every physical line is visibly part of its record.
struct TextLineEncoder {
    let colored: Bool
    let layout: TextLayout

    /// The start of each continuation line: 17 spaces (the width of `HH:mm:ss    INFO `) and `| `.
    static let continuationPrefix: [UInt8] = Array((String(repeating: " ", count: 17) + "| ").utf8)

    /// What replaces `\n` in a message: plain, and per level when coloured (reset before the newline, the
    /// level colour again after the prefix).
    private static let plainNewline: [UInt8] = [UInt8(ascii: "\n")] + continuationPrefix
    private static let colouredNewlines: [[UInt8]] = LogLevel.allCases.map { level in
        ANSIStyle.reset + [UInt8(ascii: "\n")] + continuationPrefix + ANSIStyle.levelColors[level.rawValue]
    }

    private static let levelNames: [[UInt8]] = LogLevel.allCases.map { level in
        let name = level.name
        return Array((String(repeating: " ", count: max(0, 7 - name.count)) + name).utf8)
    }

    func encode(_ record: LogRecord, into output: inout [UInt8]) {
        let color = ANSIStyle.levelColors[record.level.rawValue]
        if colored { output.append(contentsOf: ANSIStyle.dim) }
        LocalTimeCache.appendClock(seconds: record.timestamp.seconds, into: &output)
        if colored { output.append(contentsOf: ANSIStyle.reset) }
        output.append(UInt8(ascii: " "))
        if colored { output.append(contentsOf: color) }
        output.append(contentsOf: Self.levelNames[record.level.rawValue])
        if layout.showsRank, let rank = record.rank.rank {
            output.append(contentsOf: " [rank \(rank)]".utf8)
        }
        if let tag = record.tag {
            appendBracketed(tag, into: &output)
        }
        if let label = record.label {
            appendBracketed(label, into: &output)
        }
        output.append(UInt8(ascii: " "))
        let newline = colored ? Self.colouredNewlines[record.level.rawValue] : Self.plainNewline
        TerminalText.appendNeutralized(record.message, allowSGR: colored, newline: newline, into: &output)
        if layout.showsMetadata, !record.metadata.isEmpty {
            if colored { output.append(contentsOf: ANSIStyle.reset) }
            for key in record.metadata.keys.sorted() {
                output.append(UInt8(ascii: " "))
                TerminalText.appendNeutralized(key, allowSGR: false, into: &output)
                output.append(UInt8(ascii: "="))
                TerminalText.appendNeutralized(record.metadata[key] ?? "", allowSGR: false, into: &output)
            }
        }
        if layout.showsLocation {
            if colored { output.append(contentsOf: ANSIStyle.reset) }
            output.append(contentsOf: [UInt8(ascii: " "), UInt8(ascii: "[")])
            TerminalText.appendNeutralized(record.file, allowSGR: false, into: &output)
            output.append(contentsOf: [UInt8(ascii: ":"), UInt8(ascii: ":")])
            output.append(contentsOf: String(record.line).utf8)
            output.append(UInt8(ascii: "]"))
        }
        if colored { output.append(contentsOf: ANSIStyle.reset) }
        output.append(UInt8(ascii: "\n"))
    }

    private func appendBracketed(_ text: String, into output: inout [UInt8]) {
        output.append(contentsOf: [UInt8(ascii: " "), UInt8(ascii: "[")])
        TerminalText.appendNeutralized(text, allowSGR: false, into: &output)
        output.append(UInt8(ascii: "]"))
    }
}
