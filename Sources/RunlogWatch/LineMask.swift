/// Masks the parts of a log line that differ between ranks or workers saying the same thing.
///
/// Hex ids (`0x7f3a`, `3fa9c2e1`, UUIDs) become `<id>` and every run of digits becomes `#`, so
/// `12:00:01 rank 3 loaded shard 0x7f3a` and `12:00:02 rank 5 loaded shard 0x9b01` mask to the same key.
public enum LineMask {
    /// The masked form of `line`.
    ///
    /// - Parameter line: Plain text (no escape sequences), for example from ``ANSIText/plain(_:)``.
    /// - Returns: The line with hex ids and numbers replaced by placeholders.
    public static func mask(_ line: String) -> String {
        let characters = Array(line)
        var out = ""
        out.reserveCapacity(line.utf8.count)
        var index = 0
        while index < characters.count {
            guard isWordCharacter(characters[index]) else {
                out.append(characters[index])
                index += 1
                continue
            }
            if let end = hyphenatedIDEnd(characters, from: index) {
                out += "<id>"
                index = end
                continue
            }
            var end = index
            while end < characters.count && isWordCharacter(characters[end]) { end += 1 }
            out += maskWord(String(characters[index..<end]))
            index = end
        }
        return out
    }

    private static func isWordCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber)
    }

    /// The end of a hyphenated hex id such as a UUID (groups of hex digits joined by `-`, 16 or more digits
    /// in all), or nil when none starts at `start`.
    private static func hyphenatedIDEnd(_ characters: [Character], from start: Int) -> Int? {
        var index = start
        var groups = 0
        var digits = 0
        var hasNumber = false
        while true {
            let groupStart = index
            while index < characters.count && characters[index].isHexDigit {
                hasNumber = hasNumber || characters[index].isNumber
                index += 1
            }
            guard index > groupStart else { return nil }
            if index < characters.count && isWordCharacter(characters[index]) { return nil }
            groups += 1
            digits += index - groupStart
            guard index + 1 < characters.count, characters[index] == "-", characters[index + 1].isHexDigit else {
                break
            }
            index += 1
        }
        return groups >= 2 && digits >= 16 && hasNumber ? index : nil
    }

    private static func maskWord(_ word: String) -> String {
        if word.isEmpty { return word }
        if isHexID(word) { return "<id>" }
        var out = ""
        var inDigits = false
        for character in word {
            if character.isNumber {
                if !inDigits { out.append("#") }
                inDigits = true
            } else {
                out.append(character)
                inDigits = false
            }
        }
        return out
    }

    private static func isHexID(_ word: String) -> Bool {
        let lower = word.lowercased()
        if lower.hasPrefix("0x") && lower.count > 2 {
            return lower.dropFirst(2).allSatisfy { $0.isHexDigit }
        }
        // A long hex run with both digits and letters is an id, not a word ("deadbeef" alone stays).
        guard lower.count >= 6, lower.allSatisfy({ $0.isHexDigit }) else { return false }
        return lower.contains(where: { $0.isNumber }) && lower.contains(where: { $0.isLetter })
    }
}
