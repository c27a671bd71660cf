import Foundation

/// The root-cause fields that a nested launcher (the trainer's `rankrun`) printed into its log, so that rl's
/// summary says which rank failed and how even when the rank launcher's own report is longer than the tail
/// rl shows.
enum NestedFailureReport {
    /// The `Root cause` block's fields (`name`, `rank`, `status`, ...) from the last such block of a log,
    /// without its log tail; empty when the log has none.
    /// - Parameter path: a component's log file.
    static func rootCauseFields(inLog path: String) -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        let text = String(decoding: data.suffix(256 * 1024), as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(Self.plain)
        guard let start = lines.lastIndex(where: { $0.hasSuffix("Root cause (first observed failure):") }) else {
            return []
        }
        var fields: [String] = []
        for line in lines[(start + 1)...] {
            let trimmed = line.drop { $0 == " " }
            guard trimmed.contains(" : "), !trimmed.hasPrefix("|"), !trimmed.hasPrefix("last ") else { break }
            fields.append(String(trimmed))
        }
        return fields
    }

    /// The line without colour sequences and control characters.
    private static func plain(_ line: Substring) -> String {
        var result = ""
        var iterator = line.unicodeScalars.makeIterator()
        while let scalar = iterator.next() {
            if scalar == "\u{1B}" {
                if iterator.next() == "[" {
                    while let code = iterator.next(), !code.properties.isAlphabetic {}
                }
            } else if scalar.value >= 0x20 {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
