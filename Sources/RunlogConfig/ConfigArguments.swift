/// A command line split into config files, key overrides and a help request.
///
/// Accepted forms, in any order (later ones win):
/// - `@ file.toml` or `@file.toml`, and `--config file.toml` or `--config=file.toml`: config files;
/// - `--section.key value`, `--section.key=value`: set a key (kebab or snake case: `--trainer.nproc-per-node 2`);
/// - `--section.flag`: set a boolean key to true (when no value follows; a value that starts with `@` or
///   `--` must be written `--key=value`);
/// - `-h`, `--help`: show help.
///
/// ```swift
/// let arguments = try ConfigArguments(parsing: ["@", "configs/debug.toml", "--trainer.nproc-per-node", "2"])
/// let config = try ConfigLoader(RLConfig.self).load(files: arguments.files, overrides: arguments.overrides)
/// ```
public struct ConfigArguments: Sendable, Equatable {
    /// The config files in the order given.
    public var files: [String] = []
    /// The key overrides in the order given.
    public var overrides: [ConfigOverride] = []
    /// Whether `-h` or `--help` was given.
    public var helpRequested = false

    /// Splits a command line (without the program name).
    /// - Parameter arguments: the arguments after the program name.
    public init(parsing arguments: some Sequence<String>) throws(RunlogConfigError) {
        let arguments = Array(arguments)
        var index = 0
        func nextValue(for option: String) throws(RunlogConfigError) -> String {
            index += 1
            guard index < arguments.count else {
                throw RunlogConfigError(.badArgument, message: "'\(option)' needs a file: write \(option) FILE.toml")
            }
            return arguments[index]
        }
        while index < arguments.count {
            let argument = arguments[index]
            defer { index += 1 }
            switch argument {
            case "-h", "--help":
                helpRequested = true
            case "@", "--config":
                files.append(try nextValue(for: argument))
            case _ where argument.hasPrefix("--config="):
                files.append(String(argument.dropFirst("--config=".count)))
            case _ where argument.hasPrefix("@"):
                files.append(String(argument.dropFirst()))
            case _ where argument.hasPrefix("--"):
                let body = argument.dropFirst(2)
                let name: Substring
                var value: String?
                if let equals = body.firstIndex(of: "=") {
                    name = body[..<equals]
                    value = String(body[body.index(after: equals)...])
                } else {
                    name = body
                    if index + 1 < arguments.count, !arguments[index + 1].hasPrefix("--"),
                        !arguments[index + 1].hasPrefix("@")
                    {
                        index += 1
                        value = arguments[index]
                    }
                }
                let option = "--\(name)"
                overrides.append(
                    ConfigOverride(
                        path: try Self.path(of: name, option: option),
                        value: value,
                        origin: .argument(option)
                    )
                )
            default:
                throw RunlogConfigError(
                    .badArgument,
                    message:
                        "unexpected argument \(ConfigNode.quoted(argument)); set keys with --section.key VALUE and give config files with @ FILE.toml"
                )
            }
        }
    }

    /// Turns `trainer.nproc-per-node` into the path `trainer.nproc_per_node`.
    private static func path(of name: Substring, option: String) throws(RunlogConfigError) -> ConfigPath {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard !name.isEmpty, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(ConfigOverride.isKeyCharacter) }) else {
            throw RunlogConfigError(
                .badArgument,
                origin: .argument(ConfigNode.quoted(option)),
                message: "not a valid option name; write --section.key VALUE with letters, digits, '-' and '_'"
            )
        }
        return ConfigPath(dotted: parts.map { String($0.map { $0 == "-" ? "_" : $0 }) }.joined(separator: "."))
    }
}
