public import Foundation
public import Runlog

/// What a log line says about itself: its time of day, level and tag, or its JSON record's fields.
public struct ParsedLogLine: Sendable, Equatable {
    /// Seconds since local midnight from a Runlog text line's `HH:mm:ss` prefix.
    public var secondOfDay: Int?
    /// The exact time of a JSON record's `ts` field.
    public var date: Date?
    /// The record's level, when the line starts a record.
    public var level: LogLevel?
    /// The record's `[tag]`, or the JSON `tag` field.
    public var tag: String?
    /// The message after the level and tag, or the JSON `message` field; the whole line otherwise.
    public var message: String
    /// Whether the line is a JSON object (from Runlog's JSON-lines sink).
    public var isJSON: Bool

    /// Whether the line starts a record (it carries a time or a level); other lines continue the
    /// previous record, like the lines of a traceback.
    public var startsRecord: Bool { secondOfDay != nil || date != nil || level != nil }
}

/// Parses Runlog's text record format (`21:07:04    INFO [tag] message`) and its JSON-lines format.
///
/// ```swift
/// let parsed = LogLineParser.parse("21:07:04 WARNING [trainer] slow step")
/// // parsed.secondOfDay == 76024, parsed.level == .warning, parsed.tag == "trainer"
/// ```
public enum LogLineParser {
    /// Parses one line.
    ///
    /// - Parameter plain: The line without escape sequences (see ``ANSIText/plain(_:)``) and without
    ///   its newline.
    /// - Returns: The fields found; a line in neither format has only `message`.
    public static func parse(_ plain: String) -> ParsedLogLine {
        if plain.first == "{", let json = parseJSON(plain) { return json }
        return parseText(plain)
    }

    private static func parseText(_ line: String) -> ParsedLogLine {
        var result = ParsedLogLine(message: line, isJSON: false)
        let bytes = Array(line.utf8)
        guard bytes.count >= 8, let hour = twoDigits(bytes, 0), bytes[2] == UInt8(ascii: ":"),
            let minute = twoDigits(bytes, 3), bytes[5] == UInt8(ascii: ":"), let second = twoDigits(bytes, 6),
            hour < 24, minute < 60, second < 61
        else { return result }
        var cursor = 8
        // Tolerate fractional seconds (`21:07:04.123`) from other formatters.
        if cursor < bytes.count && bytes[cursor] == UInt8(ascii: ".") {
            cursor += 1
            while cursor < bytes.count && isDigit(bytes[cursor]) { cursor += 1 }
        }
        guard cursor == bytes.count || bytes[cursor] == UInt8(ascii: " ") else { return result }
        result.secondOfDay = hour * 3600 + minute * 60 + second
        skipSpaces(bytes, &cursor)
        let wordStart = cursor
        while cursor < bytes.count && isUpper(bytes[cursor]) { cursor += 1 }
        if cursor > wordStart, cursor == bytes.count || bytes[cursor] == UInt8(ascii: " "),
            let level = try? LogLevel(parsing: String(decoding: bytes[wordStart..<cursor], as: UTF8.self))
        {
            result.level = level
            skipSpaces(bytes, &cursor)
            if cursor < bytes.count && bytes[cursor] == UInt8(ascii: "["),
                let close = bytes[cursor...].firstIndex(of: UInt8(ascii: "]"))
            {
                result.tag = String(decoding: bytes[(cursor + 1)..<close], as: UTF8.self)
                cursor = close + 1
                if cursor < bytes.count && bytes[cursor] == UInt8(ascii: " ") { cursor += 1 }
            }
        } else {
            cursor = wordStart
        }
        result.message = String(decoding: bytes[cursor...], as: UTF8.self)
        return result
    }

    private static func parseJSON(_ line: String) -> ParsedLogLine? {
        guard let data = line.data(using: .utf8),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return nil }
        var result = ParsedLogLine(message: line, isJSON: true)
        if let message = object["message"] as? String { result.message = message }
        if let tag = object["tag"] as? String { result.tag = tag }
        if let level = object["level"] as? String { result.level = try? LogLevel(parsing: level) }
        if let stamp = object["ts"] as? String { result.date = parseISO8601(stamp) }
        return result
    }

    /// Parses `2026-11-26T21:07:04.123Z`, `2026-11-26T21:07:04+01:00` and the like.
    ///
    /// - Parameter text: An ISO-8601 date and time, with or without fractional seconds.
    /// - Returns: The date, or nil when `text` is not ISO-8601.
    public static func parseISO8601(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) {
            return date
        }
        return try? Date(text, strategy: Date.ISO8601FormatStyle())
    }

    private static func twoDigits(_ bytes: [UInt8], _ index: Int) -> Int? {
        guard index + 1 < bytes.count, isDigit(bytes[index]), isDigit(bytes[index + 1]) else { return nil }
        return Int(bytes[index] - 48) * 10 + Int(bytes[index + 1] - 48)
    }

    private static func skipSpaces(_ bytes: [UInt8], _ cursor: inout Int) {
        while cursor < bytes.count && bytes[cursor] == UInt8(ascii: " ") { cursor += 1 }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
    private static func isUpper(_ byte: UInt8) -> Bool { byte >= 65 && byte <= 90 }
}
