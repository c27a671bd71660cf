/// Formats UTC timestamps as ISO-8601 with milliseconds (`2026-11-26T21:07:04.123Z`) by arithmetic only:
/// no `localtime`, no allocation beyond the output, usable from a signal handler with a raw buffer.
enum ISO8601 {
    /// The civil (proleptic Gregorian) date of a day count since 1970-01-01.
    static func civilDate(daysSinceEpoch days: Int) -> (year: Int, month: Int, day: Int) {
        // Howard Hinnant's days_from_civil inverse, a well-known public-domain algorithm.
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    /// Appends `YYYY-MM-DDTHH:mm:ss.SSSZ` for `timestamp` in UTC.
    static func append(_ timestamp: Timestamp, into output: inout some ByteOutput) {
        let seconds = timestamp.seconds
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let date = civilDate(daysSinceEpoch: days)
        appendDigits(date.year, width: 4, into: &output)
        output.append(UInt8(ascii: "-"))
        appendDigits(date.month, width: 2, into: &output)
        output.append(UInt8(ascii: "-"))
        appendDigits(date.day, width: 2, into: &output)
        output.append(UInt8(ascii: "T"))
        appendDigits(secondOfDay / 3600, width: 2, into: &output)
        output.append(UInt8(ascii: ":"))
        appendDigits(secondOfDay / 60 % 60, width: 2, into: &output)
        output.append(UInt8(ascii: ":"))
        appendDigits(secondOfDay % 60, width: 2, into: &output)
        output.append(UInt8(ascii: "."))
        appendDigits(timestamp.nanoseconds / 1_000_000, width: 3, into: &output)
        output.append(UInt8(ascii: "Z"))
    }

    /// Appends `value` in decimal, zero-padded to `width`.
    static func appendDigits(_ value: Int, width: Int, into output: inout some ByteOutput) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            output.append(UInt8(ascii: "0") + UInt8((rest / divisor) % 10))
            rest %= divisor
            divisor /= 10
        }
    }
}
