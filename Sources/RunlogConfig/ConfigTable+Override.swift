extension ConfigTable {
    /// Sets one key from an override, creating tables on the way and indexing into existing arrays.
    mutating func apply(_ override: ConfigOverride) throws(RunlogConfigError) {
        let node = ConfigNode(value: override.value.map { .text($0) } ?? .flag, origin: override.origin)
        guard !override.path.components.isEmpty else {
            throw RunlogConfigError(.badArgument, origin: override.origin, message: "an override needs a key name")
        }
        var root = ConfigNode(value: .table(self), origin: .defaults)
        try Self.set(node, at: override.path.components[...], in: &root, walked: .root, override: override)
        if case .table(let table) = root.value { self = table }
    }

    private static func set(
        _ leaf: ConfigNode,
        at components: ArraySlice<ConfigPath.Component>,
        in current: inout ConfigNode,
        walked: ConfigPath,
        override: ConfigOverride
    ) throws(RunlogConfigError) {
        guard let component = components.first else {
            current = leaf
            return
        }
        let rest = components.dropFirst()
        switch (component, current.value) {
        case (.index(let index), .array(var items)):
            guard items.indices.contains(index) else {
                throw RunlogConfigError(
                    .badArgument,
                    path: walked.appending(.index(index)),
                    origin: override.origin,
                    message:
                        "'\(walked)' has \(items.count) entries, so index \(index) does not exist; use 0 to \(items.count - 1) or set the whole array in a config file"
                )
            }
            try set(leaf, at: rest, in: &items[index], walked: walked.appending(.index(index)), override: override)
            current.value = .array(items)
        case (_, .table(var table)):
            let key: String
            switch component {
            case .key(let name): key = name
            case .index(let index): key = String(index)
            }
            var child = table[key] ?? ConfigNode(value: .table(ConfigTable()), origin: override.origin)
            if rest.isEmpty {
                child = leaf
            } else {
                try set(leaf, at: rest, in: &child, walked: walked.appending(key: key), override: override)
            }
            table[key] = child
            current.value = .table(table)
        default:
            throw RunlogConfigError(
                .badArgument,
                path: override.path,
                origin: override.origin,
                message: "cannot set '\(override.path)': '\(walked)' is \(current.summary), not a section"
            )
        }
    }
}
