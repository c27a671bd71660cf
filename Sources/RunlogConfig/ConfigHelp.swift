/// The command-line options a ``ConfigSection`` type accepts, derived from its defaults.
///
/// ```swift
/// print(ConfigHelp.text(for: RLConfig.self))
/// //   --output-dir <string>              Where logs and outputs go (default: "outputs")
/// //   --trainer.nproc-per-node <integer> ...
/// ```
public enum ConfigHelp {
    /// One option: its name, value type, default and description.
    public struct Option: Sendable, Equatable {
        /// The option as typed on the command line, e.g. `--trainer.nproc-per-node`.
        public var name: String
        /// The value's type: `string`, `integer`, `number`, `boolean`, `array`, `date`.
        public var type: String
        /// The default in TOML syntax.
        public var defaultValue: String
        /// The description from ``ConfigSection/keyDescriptions`` of the top-level type (dotted keys).
        public var summary: String
    }

    /// Lists the options of a configuration type, in the order its defaults encode them.
    /// - Parameter type: the configuration type.
    public static func options(for type: any ConfigSection.Type) -> [Option] {
        guard let tree = try? DecodingSession.tree(of: type.init()) else { return [] }
        var options: [Option] = []
        collect(tree, at: .root, descriptions: type.keyDescriptions, into: &options)
        return options
    }

    /// The options as aligned help lines.
    /// - Parameter type: the configuration type.
    public static func text(for type: any ConfigSection.Type) -> String {
        let options = options(for: type)
        let heads = options.map { "  \($0.name) <\($0.type)>" }
        let width = min(48, (heads.map(\.count).max() ?? 0) + 2)
        return zip(heads, options).map { head, option in
            let padded = head.count < width ? head + String(repeating: " ", count: width - head.count) : head + "  "
            let summary = option.summary.isEmpty ? "" : option.summary + " "
            return padded + summary + "(default: \(option.defaultValue))"
        }.joined(separator: "\n")
    }

    private static func collect(
        _ table: ConfigTable,
        at path: ConfigPath,
        descriptions: [String: String],
        into options: inout [Option]
    ) {
        for key in table.keys {
            guard let node = table[key] else { continue }
            let child = path.appending(key: key)
            switch node.value {
            case .table(let nested):
                collect(nested, at: child, descriptions: descriptions, into: &options)
            case .array(let items):
                if case .table(let first) = items.first?.value {
                    let dotted = describe(child)
                    options.append(
                        Option(
                            name: "--\(child.optionName)",
                            type: "array of tables",
                            defaultValue: "\(items.count) entries; set [[\(dotted)]] in a file",
                            summary: descriptions[dotted] ?? ""
                        )
                    )
                    collect(first, at: child.appending(.index(0)), descriptions: descriptions, into: &options)
                } else {
                    options.append(option(for: node, at: child, descriptions: descriptions))
                }
            default:
                options.append(option(for: node, at: child, descriptions: descriptions))
            }
        }
    }

    private static func option(for node: ConfigNode, at path: ConfigPath, descriptions: [String: String]) -> Option {
        let name = "--\(path.optionName)".replacingIndices()
        return Option(
            name: name,
            type: typeName(node),
            defaultValue: literal(node),
            summary: descriptions[describe(path)] ?? ""
        )
    }

    /// The dotted form without indices (`orchestrator.env.name`), used as the description key.
    private static func describe(_ path: ConfigPath) -> String {
        path.components.compactMap { component -> String? in
            if case .key(let key) = component { return key }
            return nil
        }.joined(separator: ".")
    }

    private static func typeName(_ node: ConfigNode) -> String {
        switch node.value {
        case .string, .text: return "string"
        case .integer: return "integer"
        case .float: return "number"
        case .boolean, .flag: return "boolean"
        case .datetime: return "date"
        case .array: return "array"
        case .table: return "table"
        }
    }

    private static func literal(_ node: ConfigNode) -> String {
        switch node.value {
        case .string(let text), .text(let text): return ConfigNode.quoted(text)
        case .integer(let number): return String(number)
        case .float(let number): return String(number)
        case .boolean(let flag): return String(flag)
        case .flag: return "true"
        case .datetime(let text): return text
        case .array(let items): return "[" + items.map(literal).joined(separator: ", ") + "]"
        case .table: return "{...}"
        }
    }
}

extension String {
    /// `--orchestrator.env.0.name` to `--orchestrator.env.N.name` for help text.
    fileprivate func replacingIndices() -> String {
        split(separator: ".", omittingEmptySubsequences: false).map { part in
            part.allSatisfy(\.isNumber) && !part.isEmpty ? "N" : String(part)
        }.joined(separator: ".")
    }
}
