import Foundation
import TOMLKit

/// Reads TOML files and text into configuration trees.
enum TOMLSource {
    /// Reads and parses one TOML file.
    /// - Parameter path: the file's path as the user gave it (errors repeat it as given).
    static func load(path: String) throws(RunlogConfigError) -> ConfigTable {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw RunlogConfigError(
                .fileNotFound,
                message: "config file '\(path)' does not exist; check the path after '@' or '--config'"
            )
        }
        if isDirectory.boolValue {
            throw RunlogConfigError(
                .notAFile,
                message: "config path '\(path)' is a directory; give a .toml file inside it instead"
            )
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RunlogConfigError(
                .unreadableFile,
                message: "config file '\(path)' cannot be read; check its permissions"
            )
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw RunlogConfigError(
                .unreadableFile,
                origin: .file(path: path, line: nil),
                message: "config file is not valid UTF-8 text; save it as UTF-8"
            )
        }
        return try parse(text, file: path)
    }

    /// Parses TOML text.
    /// - Parameters:
    ///   - text: the document.
    ///   - file: the name used in errors and origins.
    static func parse(_ text: String, file: String) throws(RunlogConfigError) -> ConfigTable {
        // The parser reads a C string: a NUL would silently cut the document short.
        if let nul = text.utf8.firstIndex(of: 0) {
            let line = text.utf8[..<nul].reduce(1) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
            throw RunlogConfigError(
                .syntaxError,
                origin: .file(path: file, line: line),
                message: "NUL byte in the file; remove it (TOML text cannot contain NUL)"
            )
        }
        if let (line, column, message) = TOMLLexicalCheck.firstProblem(in: text) {
            throw RunlogConfigError(
                .syntaxError,
                origin: .file(path: file, line: line),
                message: "invalid TOML at column \(column): \(message)"
            )
        }
        let locator = TOMLKeyLocator(text: text)
        if let (line, column) = locator.malformedHeader {
            // toml++ 3.4 aborts on an assertion (debug builds) for these instead of reporting them.
            throw RunlogConfigError(
                .syntaxError,
                origin: .file(path: file, line: line),
                message:
                    "invalid TOML at column \(column): a table name must start with a letter, digit, '_', '-' or a quote; quote it, e.g. [\"name\"]"
            )
        }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            let line = error.source.begin.line
            let column = error.source.begin.column
            throw RunlogConfigError(
                .syntaxError,
                origin: .file(path: file, line: line > 0 ? line : nil),
                message: "invalid TOML at column \(column): \(error.description); fix the syntax there"
            )
        } catch {
            throw RunlogConfigError(
                .syntaxError,
                origin: .file(path: file, line: nil),
                message: "invalid TOML: \(error)"
            )
        }
        return convert(table, path: .root, file: file, locator: locator)
    }

    /// Parses a single TOML value written on the command line or in the environment (`[1, 2]`, `{a = 1}`).
    /// Returns nil when the text is not a TOML value.
    static func parseValue(_ text: String, origin: ConfigOrigin) -> ConfigNode? {
        let document = "value = \(text)"
        // The same guards as a file: toml++ aborts (debug builds) on what they catch, e.g. `[1, }`.
        guard !text.utf8.contains(0), TOMLLexicalCheck.firstProblem(in: document) == nil,
            TOMLKeyLocator(text: document).malformedHeader == nil,
            let table = try? TOMLTable(string: document), let value = table["value"]
        else { return nil }
        return convert(value, path: .root, file: "", locator: nil).retagged(origin)
    }

    private static func convert(
        _ table: TOMLTable,
        path: ConfigPath,
        file: String,
        locator: TOMLKeyLocator?
    ) -> ConfigTable {
        var result = ConfigTable()
        for key in table.keys {
            guard let value = table[key] else { continue }
            result[key] = convert(value, path: path.appending(key: key), file: file, locator: locator)
        }
        return result
    }

    private static func convert(
        _ value: any TOMLValueConvertible,
        path: ConfigPath,
        file: String,
        locator: TOMLKeyLocator?
    ) -> ConfigNode {
        let origin = ConfigOrigin.file(path: file, line: locator?.line(for: path))
        switch value.type {
        case .table:
            let table = value.table.map { convert($0, path: path, file: file, locator: locator) } ?? ConfigTable()
            return ConfigNode(value: .table(table), origin: origin)
        case .array:
            var items: [ConfigNode] = []
            if let array = value.array {
                for (index, element) in array.enumerated() {
                    items.append(convert(element, path: path.appending(.index(index)), file: file, locator: locator))
                }
            }
            return ConfigNode(value: .array(items), origin: origin)
        case .string: return ConfigNode(value: .string(value.string ?? ""), origin: origin)
        case .int: return ConfigNode(value: .integer(value.int ?? 0), origin: origin)
        case .double: return ConfigNode(value: .float(value.double ?? 0), origin: origin)
        case .bool: return ConfigNode(value: .boolean(value.bool ?? false), origin: origin)
        case .date, .time, .dateTime:
            return ConfigNode(value: .datetime(value.tomlValue.debugDescription), origin: origin)
        }
    }
}
