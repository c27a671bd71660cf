/// The spellings shared by the flag parsers: local ranks, and flag values shown inside error messages.
enum FlagText {
    /// `text` in single quotes, with control characters, bidi controls, quotes and backslashes escaped, so
    /// an error message stays one line and cannot drive the terminal it is printed on.
    static func quoted(_ text: String) -> String {
        var result = "'"
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if scalar == "'" || scalar == "\\" {
                result += "\\" + String(scalar)
            } else if value < 0x20 || (0x7F...0x9F).contains(value) || (0x2028...0x202E).contains(value)
                || (0x2066...0x2069).contains(value)
            {
                result += "\\u{" + String(value, radix: 16) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result + "'"
    }

    /// A local rank spelled in decimal ASCII digits (no sign, no spaces) that fits in an `Int`.
    static func localRank(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        return Int(text)
    }
}
