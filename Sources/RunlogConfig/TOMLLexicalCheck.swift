/// Finds what toml++ 3.4 would abort on instead of reporting: characters that TOML allows only inside
/// strings and comments (non-ASCII, control characters) elsewhere, and a date-time whose `T` is not
/// followed by a digit.
///
/// toml++ reports most malformed input as syntax errors but trips debug assertions (which abort the
/// process) on some, e.g. right after a table's `[` or a date's `T`; the fuzzer found these. All of them
/// are invalid TOML, so rejecting them first is both correct and safe.
enum TOMLLexicalCheck {
    private enum State {
        case normal, comment, basic, literal, multilineBasic, multilineLiteral
    }

    /// The 1-based line and column of the first problem, and what to tell the user.
    /// - Parameter text: the TOML document.
    static func firstProblem(in text: String) -> (line: Int, column: Int, message: String)? {
        let scalars = Array(text.unicodeScalars)
        var state = State.normal
        var line = 1
        var lineStart = 0
        var index = 0
        // The last character outside strings and comments that is not white space: a value must follow
        // `=`, `[` and `,`, and toml++ asserts (debug builds) instead of reporting when `}` or `,` comes there.
        var lastSignificant: Unicode.Scalar?
        func starts(with delimiter: String) -> Bool {
            var position = index
            for scalar in delimiter.unicodeScalars {
                guard position < scalars.count, scalars[position] == scalar else { return false }
                position += 1
            }
            return true
        }
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\n" {
                line += 1
                lineStart = index + 1
                if state == .comment || state == .basic || state == .literal { state = .normal }
                index += 1
                continue
            }
            switch state {
            case .normal:
                let isWhitespace = scalar == " " || scalar == "\t" || scalar == "\r"
                if let previous = lastSignificant, ["=", "[", ","].contains(previous),
                    scalar == "}" || scalar == ","
                {
                    return (
                        line, index - lineStart + 1,
                        "expected a value after '\(previous)' but found '\(scalar)'; write the value or remove the '\(previous)'"
                    )
                }
                if !isWhitespace && scalar != "#" { lastSignificant = scalar }
                if scalar == "#" {
                    state = .comment
                } else if starts(with: "\"\"\"") {
                    state = .multilineBasic
                    index += 2
                } else if starts(with: "'''") {
                    state = .multilineLiteral
                    index += 2
                } else if scalar == "\"" {
                    state = .basic
                } else if scalar == "'" {
                    state = .literal
                } else if !scalar.isASCII || (scalar.value < 0x20 && scalar != "\t" && scalar != "\r")
                    || scalar.value == 0x7F
                {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
                    return (
                        line, index - lineStart + 1,
                        "character \(code) is only allowed inside a quoted string or a comment; quote the value or remove it"
                    )
                } else if let column = badDateTimeSeparator(scalars, at: index) {
                    return (
                        line, column - lineStart + 1,
                        "a date-time needs a time after its 'T', e.g. 1979-05-27T07:32:00Z; quote the value if it is text"
                    )
                }
            case .comment:
                break
            case .basic:
                if scalar == "\\" {
                    index += 1
                } else if scalar == "\"" {
                    state = .normal
                }
            case .literal:
                if scalar == "'" { state = .normal }
            case .multilineBasic:
                if scalar == "\\" {
                    index += 1
                } else if starts(with: "\"\"\"") {
                    state = .normal
                    index += 2
                }
            case .multilineLiteral:
                if starts(with: "'''") {
                    state = .normal
                    index += 2
                }
            }
            index += 1
        }
        return nil
    }

    /// The index after `T` when `YYYY-MM-DDT` starts at `index` and is not followed by a digit.
    private static func badDateTimeSeparator(_ scalars: [Unicode.Scalar], at index: Int) -> Int? {
        func isDigit(_ position: Int) -> Bool {
            position < scalars.count && ("0"..."9").contains(scalars[position])
        }
        guard isDigit(index), index == 0 || !(scalars[index - 1].properties.isAlphabetic || isDigit(index - 1)) else {
            return nil
        }
        let shape = [true, true, true, true, false, true, true, false, true, true]
        for (offset, digit) in shape.enumerated() {
            if digit ? !isDigit(index + offset) : (index + offset >= scalars.count || scalars[index + offset] != "-") {
                return nil
            }
        }
        let separator = index + 10
        guard separator < scalars.count, scalars[separator] == "T" || scalars[separator] == "t" else { return nil }
        return isDigit(separator + 1) ? nil : separator + 1
    }
}
