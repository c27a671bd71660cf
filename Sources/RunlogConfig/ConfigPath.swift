/// A position in a configuration tree, such as `orchestrator.env[1].name`.
///
/// Errors name the key they are about with a path, so a user can find it in a TOML file or write the
/// matching command-line override.
public struct ConfigPath: Hashable, Sendable, CustomStringConvertible {
    /// One step of a path: a table key or an array index.
    public enum Component: Hashable, Sendable {
        /// A key of a table, in its TOML (snake_case) spelling.
        case key(String)
        /// A zero-based index into an array (of tables).
        case index(Int)
    }

    /// The steps from the root of the tree, outermost first.
    public var components: [Component]

    /// Creates a path from its steps.
    /// - Parameter components: the steps from the root, outermost first.
    public init(_ components: [Component] = []) {
        self.components = components
    }

    /// Creates a path from a dotted key such as `orchestrator.log.level`.
    /// - Parameter dotted: keys separated by dots; all-digit parts and `[N]` suffixes become array indices.
    public init(dotted: String) {
        var components: [Component] = []
        for part in dotted.split(separator: ".", omittingEmptySubsequences: false) {
            if let index = Int(part), index >= 0, part.allSatisfy(\.isASCII) {
                components.append(.index(index))
                continue
            }
            // `env[1]` (the form validation messages use) is the key `env`, then index 1.
            var key = part
            var indices: [Int] = []
            while key.hasSuffix("]"), let open = key.lastIndex(of: "["),
                let index = Int(key[key.index(after: open)..<key.index(before: key.endIndex)]), index >= 0
            {
                indices.insert(index, at: 0)
                key = key[..<open]
            }
            components.append(.key(String(key)))
            components += indices.map { .index($0) }
        }
        self.components = components
    }

    /// The root of the tree (the top-level table).
    public static let root = ConfigPath()

    /// Whether this is the root path.
    public var isRoot: Bool { components.isEmpty }

    /// The dotted form, with `[N]` for array indices; `(top level)` for the root.
    public var description: String {
        if components.isEmpty { return "(top level)" }
        var text = ""
        for component in components {
            switch component {
            case .key(let key):
                if !text.isEmpty { text += "." }
                text += key
            case .index(let index):
                text += "[\(index)]"
            }
        }
        return text
    }

    /// The path one step further down.
    /// - Parameter component: the step to add.
    public func appending(_ component: Component) -> ConfigPath {
        ConfigPath(components + [component])
    }

    /// The path one key further down.
    /// - Parameter key: the table key to add.
    public func appending(key: String) -> ConfigPath {
        appending(.key(key))
    }
}

extension ConfigPath {
    /// The command-line option for this path in kebab form, without the leading `--`
    /// (`trainer.nproc-per-node`; array elements as `orchestrator.env.0.name`).
    public var optionName: String {
        components.map { component in
            switch component {
            case .key(let key): return key.replacingUnderscores()
            case .index(let index): return String(index)
            }
        }.joined(separator: ".")
    }
}

extension String {
    /// `snake_case` to `kebab-case`.
    func replacingUnderscores() -> String {
        String(self.map { $0 == "_" ? "-" : $0 })
    }
}
