/// Finds the line on which each key of a TOML document is set.
///
/// The TOML parser reports lines for syntax errors only; this scanner gives the other errors (unknown key,
/// wrong type) a line too. It reads table headers and `key =` lines, skips multi-line strings and arrays,
/// and is best effort: when a key cannot be placed, the nearest enclosing table's line is used.
struct TOMLKeyLocator {
    private var lines: [ConfigPath: Int] = [:]
    /// The first table header whose name does not start with a bare-key character or a quote (line, column).
    private(set) var malformedHeader: (line: Int, column: Int)?

    /// Scans a document.
    /// - Parameter text: the TOML text.
    init(text: String) {
        var table = ConfigPath.root
        var arrayCounts: [[String]: Int] = [:]
        var insideMultilineString: String? = nil
        var bracketDepth = 0
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = offset + 1
            let line = rawLine.trimmingPrefix(while: { $0 == " " || $0 == "\t" })
            if let delimiter = insideMultilineString {
                if Self.count(delimiter, in: line) % 2 == 1 { insideMultilineString = nil }
                continue
            }
            if bracketDepth > 0 {
                bracketDepth = max(0, bracketDepth + Self.bracketBalance(of: line))
                continue
            }
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("["), malformedHeader == nil, let column = Self.badHeaderStart(line) {
                malformedHeader = (lineNumber, rawLine.count - line.count + column)
            }
            if line.hasPrefix("[[") {
                guard let end = line.firstRange(of: "]]") else { continue }
                let keys = Self.splitKey(line[line.index(line.startIndex, offsetBy: 2)..<end.lowerBound])
                let index = arrayCounts[keys, default: 0]
                arrayCounts[keys] = index + 1
                table = Self.resolve(keys, arrayCounts: arrayCounts, isArrayHeader: true)
                table = table.appending(.index(index))
                record(table, lineNumber)
                continue
            }
            if line.hasPrefix("[") {
                guard let end = line.firstIndex(of: "]") else { continue }
                let keys = Self.splitKey(line[line.index(after: line.startIndex)..<end])
                table = Self.resolve(keys, arrayCounts: arrayCounts, isArrayHeader: false)
                record(table, lineNumber)
                continue
            }
            guard let equals = Self.firstUnquoted("=", in: line) else { continue }
            var path = table
            for key in Self.splitKey(line[line.startIndex..<equals]) {
                path = path.appending(key: key)
                record(path, lineNumber)
            }
            let value = line[line.index(after: equals)...]
            for delimiter in ["\"\"\"", "'''"] where Self.count(delimiter, in: value) % 2 == 1 {
                insideMultilineString = delimiter
            }
            if insideMultilineString == nil { bracketDepth = max(0, Self.bracketBalance(of: value)) }
        }
    }

    /// The line of `path`, or of its nearest ancestor that has one.
    /// - Parameter path: the key path.
    func line(for path: ConfigPath) -> Int? {
        var current = path
        while true {
            if let line = lines[current] { return line }
            if current.components.isEmpty { return nil }
            current.components.removeLast()
        }
    }

    private mutating func record(_ path: ConfigPath, _ line: Int) {
        if lines[path] == nil { lines[path] = line }
    }

    /// Turns header keys into a path, entering the latest element of any array of tables on the way.
    private static func resolve(_ keys: [String], arrayCounts: [[String]: Int], isArrayHeader: Bool) -> ConfigPath {
        var path = ConfigPath.root
        for (position, key) in keys.enumerated() {
            path = path.appending(key: key)
            let isLast = position == keys.count - 1
            if isLast && isArrayHeader { break }
            if let count = arrayCounts[Array(keys[...position])], count > 0 { path = path.appending(.index(count - 1)) }
        }
        return path
    }

    /// The 1-based column (within `header`) of a header name's first character when it is neither a bare-key
    /// character nor a quote.
    private static func badHeaderStart(_ header: Substring) -> Int? {
        let scalars = Array(header.unicodeScalars)
        var index = 1
        if index < scalars.count, scalars[index] == "[" { index += 1 }
        while index < scalars.count, scalars[index] == " " || scalars[index] == "\t" { index += 1 }
        // A header cut short by the end of the line, or by a comment, has no name at all.
        guard index < scalars.count else { return index + 1 }
        let first = scalars[index]
        let isBare =
            first.isASCII
            && (first.properties.isAlphabetic || ("0"..."9").contains(first) || first == "_" || first == "-")
        return isBare || first == "\"" || first == "'" ? nil : index + 1
    }

    /// Splits a (possibly dotted, possibly quoted) key into its parts.
    private static func splitKey(_ text: Substring) -> [String] {
        var parts: [String] = []
        var current = ""
        var quote: Character? = nil
        for character in text {
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "." {
                parts.append(current.trimmed())
                current = ""
            } else {
                current.append(character)
            }
        }
        parts.append(current.trimmed())
        return parts
    }

    private static func firstUnquoted(_ target: Character, in text: Substring) -> String.Index? {
        var quote: Character? = nil
        for index in text.indices {
            let character = text[index]
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == target {
                return index
            } else if character == "#" {
                return nil
            }
        }
        return nil
    }

    /// Opening minus closing brackets outside strings and comments.
    private static func bracketBalance(of text: Substring) -> Int {
        var balance = 0
        var quote: Character? = nil
        for character in text {
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "#" {
                break
            } else if character == "[" || character == "{" {
                balance += 1
            } else if character == "]" || character == "}" {
                balance -= 1
            }
        }
        return balance
    }

    private static func count(_ needle: String, in text: Substring) -> Int {
        text.ranges(of: needle).count
    }
}
