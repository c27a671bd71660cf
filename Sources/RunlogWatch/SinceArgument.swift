public import Foundation

/// Parses the value of `--since`: a duration back from now (`90s`, `5m`, `1h30m`, `2d`) or an ISO-8601
/// date and time.
public enum SinceArgument {
    /// The earliest time a line may carry to be shown.
    ///
    /// - Parameters:
    ///   - text: `5m`, `1h30m`, `45s`, `2d`, a plain number of seconds, or `2026-11-26T21:00:00Z`.
    ///   - now: The current time.
    /// - Throws: ``WatchError`` naming the accepted forms.
    public static func parse(_ text: String, now: Date = Date()) throws(WatchError) -> Date {
        if let seconds = durationSeconds(text) { return now.addingTimeInterval(-seconds) }
        if let date = LogLineParser.parseISO8601(text) { return date }
        throw WatchError(
            "invalid --since value '\(text)': use a duration such as 30s, 5m, 1h30m or 2d, "
                + "or an ISO-8601 time such as 2026-11-26T21:00:00Z"
        )
    }

    private static func durationSeconds(_ text: String) -> Double? {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
        if let plain = Double(text), plain >= 0 { return plain }
        var total = 0.0
        var number = ""
        for character in text {
            if character.isNumber || character == "." {
                number.append(character)
            } else if let unit = units[character], let value = Double(number) {
                total += value * unit
                number = ""
            } else {
                return nil
            }
        }
        return number.isEmpty && !text.isEmpty ? total : nil
    }
}
