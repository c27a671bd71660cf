import Foundation
import Runlog

/// Turns watched lines into the bytes `runlog follow` prints: `source | line` in text mode, one JSON
/// object per line in JSON mode. Text read from files always goes through `TerminalText.neutralize`, so a
/// logged escape sequence cannot move the cursor, clear the screen or retitle the terminal.
struct LineRenderer {
    /// Emit JSON objects instead of text.
    var json: Bool
    /// Colour the source prefixes (and keep the colours the lines were written with).
    var colour: Bool
    /// The source column's width; it starts wide enough for `orchestrator` so that it rarely has to grow.
    private var width = 12

    init(json: Bool, colour: Bool) {
        self.json = json
        self.colour = colour
    }

    /// One output line (with its newline) for `line`, said by `sources` (more than one when collapsed).
    mutating func render(_ line: WatchedLine, sources: [String]) -> String {
        json ? renderJSON(line, sources: sources) : renderText(line, sources: sources)
    }

    /// Widens the source column so that every name in `sources` fits (the column only grows).
    mutating func reserveWidth(for sources: [String]) {
        width = max(width, sources.map(\.count).max() ?? 0)
    }

    /// A line about the follower itself (a new run, a truncated file), in text mode only.
    mutating func renderNotice(_ message: String) -> String? {
        guard !json else { return nil }
        let text = TerminalText.neutralize(message, allowSGR: false)
        return prefix("runlog") + (colour ? "\u{1B}[2m\(text)\u{1B}[0m" : text) + "\n"
    }

    private mutating func prefix(_ source: String) -> String {
        width = max(width, source.count)
        return SourcePalette.prefix(for: source, width: width, colour: colour)
    }

    private mutating func renderText(_ line: WatchedLine, sources: [String]) -> String {
        let body: String
        if line.parsed.isJSON {
            body = TerminalText.neutralize(Self.textForm(of: line), allowSGR: false)
        } else if colour {
            body = TerminalText.neutralize(line.text, allowSGR: true)
        } else {
            body = TerminalText.neutralize(ANSIText.removingSGR(line.text), allowSGR: false)
        }
        return prefix(line.source.name) + body + Self.repeatSuffix(sources) + "\n"
    }

    /// A JSON record shown as Runlog's text format: `HH:mm:ss  LEVEL [tag] message`.
    private static func textForm(of line: WatchedLine) -> String {
        var text = ""
        if let date = line.parsed.date {
            let components = Calendar.current.dateComponents([.hour, .minute, .second], from: date)
            text += String(
                format: "%02d:%02d:%02d ",
                components.hour ?? 0,
                components.minute ?? 0,
                components.second ?? 0
            )
        }
        if let level = line.parsed.level {
            text += String(repeating: " ", count: max(0, 7 - level.name.count)) + level.name + " "
        }
        if let tag = line.parsed.tag { text += "[\(tag)] " }
        return text + line.parsed.message
    }

    /// ` [repeated 7x across ranks]` for a collapsed line, naming what the sources are.
    static func repeatSuffix(_ sources: [String]) -> String {
        guard sources.count > 1 else { return "" }
        let noun: String
        if sources.allSatisfy({ $0.hasPrefix("trainer/") }) {
            noun = "ranks"
        } else if sources.allSatisfy({ $0.hasPrefix("env/") }) {
            noun = "workers"
        } else {
            noun = "sources"
        }
        return " [repeated \(sources.count)x across \(noun)]"
    }

    private func renderJSON(_ line: WatchedLine, sources: [String]) -> String {
        var fields = "{\"source\":" + Self.quoted(line.source.name)
        if sources.count > 1 {
            fields +=
                ",\"repeated\":\(sources.count),\"sources\":[" + sources.map(Self.quoted).joined(separator: ",") + "]"
        }
        if line.parsed.isJSON {
            // Keep the record's own fields as written, after the ones added here.
            let inner = String(line.plain.drop { $0 == " " }.dropFirst()).drop { $0 == " " }
            let rest = TerminalText.neutralize(String(inner), allowSGR: false)
            return fields + (rest.first == "}" ? "" : ",") + rest + "\n"
        }
        fields += ",\"ts\":" + Self.quoted(Self.iso8601(line.date))
        if let level = line.level { fields += ",\"level\":" + Self.quoted(level.name) }
        if let tag = line.parsed.tag { fields += ",\"tag\":" + Self.quoted(tag) }
        fields += ",\"message\":" + Self.quoted(line.parsed.message)
        return fields + "}\n"
    }

    private static func iso8601(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// `text` as a JSON string literal; control characters are escaped, so the output stays inert.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
                    || scalar.value == 0x2028 || scalar.value == 0x2029
                {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
