/// A `Decoder` over one node of the merged configuration tree.
struct TreeDecoder: Decoder {
    let node: ConfigNode
    let path: ConfigPath
    let session: DecodingSession

    var codingPath: [any CodingKey] { path.codingKeys }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        let node = node.structured()
        guard case .table(let table) = node.value else {
            throw PrimitiveDecoding.mismatch(
                node,
                at: path,
                expected: "a table",
                fix: path.isRoot ? "write keys as key = value" : "write it as a [\(path)] section"
            )
        }
        let record = session.record(table, at: path)
        return KeyedDecodingContainer(TableContainer<Key>(record: record, origin: node.origin, session: session))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let node = node.structured()
        guard case .array(let items) = node.value else {
            throw PrimitiveDecoding.mismatch(
                node,
                at: path,
                expected: "an array",
                fix: "write it as [ ... ] or as [[\(path)]] sections"
            )
        }
        return ArrayContainer(items: items, path: path, session: session)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        ScalarContainer(node: node, path: path, session: session)
    }
}

/// A coding key built from a path component.
struct PathCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        self.intValue = nil
    }

    init(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }
}

extension ConfigPath {
    /// The path as coding keys, for `Decoder.codingPath`.
    var codingKeys: [any CodingKey] {
        components.map { component -> any CodingKey in
            switch component {
            case .key(let key): return PathCodingKey(stringValue: key)
            case .index(let index): return PathCodingKey(intValue: index)
            }
        }
    }
}
