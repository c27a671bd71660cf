import TOMLKit

/// State shared by all decoders of one load: which keys each table was asked for (to find unknown keys),
/// and the encoded defaults of each ``ConfigSection`` type.
final class DecodingSession {
    /// A table that was decoded as a keyed container, and the keys the type asked it for.
    final class TableRecord {
        let path: ConfigPath
        let table: ConfigTable
        var requested: [String] = []

        init(path: ConfigPath, table: ConfigTable) {
            self.path = path
            self.table = table
        }

        func request(_ key: String) {
            if !requested.contains(key) { requested.append(key) }
        }
    }

    private(set) var records: [TableRecord] = []
    private var defaultsCache: [ObjectIdentifier: ConfigTable] = [:]

    func record(_ table: ConfigTable, at path: ConfigPath) -> TableRecord {
        let record = TableRecord(path: path, table: table)
        records.append(record)
        return record
    }

    /// Decodes any value: fills section defaults, runs the type's decoder, maps foreign errors to
    /// ``RunlogConfigError`` at this path, and runs section validation.
    func decode<T: Decodable>(_ type: T.Type, from node: ConfigNode, at path: ConfigPath) throws -> T {
        var node = node
        if let sectionType = T.self as? any ConfigSection.Type {
            node = node.structured()
            if case .table(var table) = node.value {
                table.fillMissing(from: try defaults(of: sectionType))
                node.value = .table(table)
            }
        }
        let value: T
        do {
            value = try T(from: TreeDecoder(node: node, path: path, session: self))
        } catch let error as RunlogConfigError {
            throw error
        } catch {
            throw Self.describe(error, of: T.self, node: node, at: path)
        }
        if let section = value as? any ConfigSection {
            do {
                try section.validate()
            } catch {
                var issuePath = path
                if let key = error.key {
                    for part in ConfigPath(dotted: key).components { issuePath = issuePath.appending(part) }
                }
                let origin = Self.origin(of: issuePath, below: path, in: node) ?? node.origin
                throw RunlogConfigError(
                    .invalidValue,
                    path: issuePath,
                    origin: origin,
                    message: "'\(issuePath)' \(error.message)"
                )
            }
        }
        return value
    }

    /// The first table key that no decoder asked for, as an error listing the valid keys there.
    func unknownKeyError() -> RunlogConfigError? {
        for record in records {
            for key in record.table.keys where !record.requested.contains(key) {
                let node = record.table[key]
                let path = record.path.appending(key: key)
                let place = record.path.isRoot ? "at the top level" : "in [\(record.path)]"
                var message = "unknown key '\(path)'"
                if let suggestion = Self.closest(to: key, among: record.requested) {
                    message += "; did you mean '\(suggestion)'?"
                }
                message += " Valid keys \(place): \(record.requested.joined(separator: ", "))"
                return RunlogConfigError(
                    .unknownKey,
                    path: path,
                    origin: node?.origin,
                    validKeys: record.requested,
                    message: message
                )
            }
        }
        return nil
    }

    private func defaults(of type: any ConfigSection.Type) throws -> ConfigTable {
        let id = ObjectIdentifier(type)
        if let cached = defaultsCache[id] { return cached }
        let table = try Self.tree(of: type.init())
        defaultsCache[id] = table
        return table
    }

    /// Encodes a value (a section's defaults) into a tree whose origin is `.defaults`.
    static func tree(of value: some Encodable) throws -> ConfigTable {
        let encoded: TOMLTable = try TOMLEncoder().encode(value)
        let text = encoded.convert(to: .toml)
        let parsed = ConfigNode(value: .table(try TOMLSource.parse(text, file: "")), origin: .defaults)
        guard case .table(let table) = parsed.retagged(.defaults).value else { return ConfigTable() }
        return table
    }

    private static func describe(
        _ error: any Error,
        of type: Any.Type,
        node: ConfigNode,
        at path: ConfigPath
    ) -> RunlogConfigError {
        if let names = caseNames(of: type) {
            return RunlogConfigError(
                .invalidValue,
                path: path,
                origin: node.origin,
                validKeys: names,
                message: "'\(path)' cannot be \(node.summary); use one of: \(names.joined(separator: ", "))"
            )
        }
        let detail: String
        switch error {
        case DecodingError.dataCorrupted(let context), DecodingError.typeMismatch(_, let context),
            DecodingError.valueNotFound(_, let context), DecodingError.keyNotFound(_, let context):
            detail = context.debugDescription
        default:
            detail = String(describing: error)
        }
        return RunlogConfigError(
            .invalidValue,
            path: path,
            origin: node.origin,
            message: "'\(path)' cannot be \(node.summary): \(detail)"
        )
    }

    private static func caseNames(of type: Any.Type) -> [String]? {
        guard let iterable = type as? any CaseIterable.Type else { return nil }
        return names(of: iterable)
    }

    private static func names<C: CaseIterable>(of type: C.Type) -> [String] {
        C.allCases.map { value in
            if let raw = value as? any RawRepresentable { return "\(raw.rawValue)" }
            return "\(value)"
        }
    }

    private static func origin(of path: ConfigPath, below base: ConfigPath, in node: ConfigNode) -> ConfigOrigin? {
        var current = node
        for component in path.components.dropFirst(base.components.count) {
            switch (component, current.value) {
            case (.key(let key), .table(let table)):
                guard let next = table[key] else { return nil }
                current = next
            case (.index(let index), .array(let items)) where items.indices.contains(index):
                current = items[index]
            default:
                return nil
            }
        }
        return current.origin
    }

    /// The valid key closest to a misspelt one, if it is close enough to be a likely typo.
    static func closest(to key: String, among candidates: [String]) -> String? {
        let scored = candidates.map { ($0, editDistance(key, $0)) }.min { $0.1 < $1.1 }
        guard let (best, distance) = scored, distance <= max(2, key.count / 3) else { return nil }
        return best
    }

    private static func editDistance(_ lhs: String, _ rhs: String) -> Int {
        let a = Array(lhs.lowercased())
        let b = Array(rhs.lowercased())
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}

extension ConfigNode {
    /// Untyped command-line text that is written as a TOML array or inline table, parsed into one.
    func structured() -> ConfigNode {
        guard case .text(let text) = value else { return self }
        let trimmed = text.trimmed()
        guard trimmed.hasPrefix("[") || trimmed.hasPrefix("{"),
            let parsed = TOMLSource.parseValue(trimmed, origin: origin)
        else { return self }
        return parsed
    }

    /// The same tree with every origin replaced.
    func retagged(_ origin: ConfigOrigin) -> ConfigNode {
        switch value {
        case .array(let items):
            return ConfigNode(value: .array(items.map { $0.retagged(origin) }), origin: origin)
        case .table(let table):
            var copy = ConfigTable()
            for key in table.keys { copy[key] = table[key]?.retagged(origin) }
            return ConfigNode(value: .table(copy), origin: origin)
        default:
            return ConfigNode(value: value, origin: origin)
        }
    }
}
