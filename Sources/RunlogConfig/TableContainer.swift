/// The keyed container of ``TreeDecoder``, over a TOML table; it records the keys the type asks for so
/// that keys nobody asked for can be reported as unknown, with the valid ones listed.
struct TableContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let record: DecodingSession.TableRecord
    let origin: ConfigOrigin
    let session: DecodingSession

    var codingPath: [any CodingKey] { record.path.codingKeys }

    var allKeys: [Key] {
        record.table.keys.compactMap { key in
            record.request(key)
            return Key(stringValue: key)
        }
    }

    func contains(_ key: Key) -> Bool {
        record.request(key.stringValue)
        return record.table[key.stringValue] != nil
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        record.request(key.stringValue)
        return record.table[key.stringValue] == nil
    }

    private func node(for key: Key) throws -> (ConfigNode, ConfigPath) {
        record.request(key.stringValue)
        let path = record.path.appending(key: key.stringValue)
        guard let node = record.table[key.stringValue] else {
            throw RunlogConfigError(
                .missingKey,
                path: path,
                origin: origin == .defaults ? nil : origin,
                message: "missing key '\(path)'; set it in a config file or pass --\(path.optionName) VALUE"
            )
        }
        return (node, path)
    }

    private func scalar(_ key: Key) throws -> ScalarContainer {
        let (node, path) = try node(for: key)
        return ScalarContainer(node: node, path: path, session: session)
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try scalar(key).decode(type) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try scalar(key).decode(type) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try scalar(key).decode(type) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try scalar(key).decode(type) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try scalar(key).decode(type) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try scalar(key).decode(type) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try scalar(key).decode(type) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try scalar(key).decode(type) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try scalar(key).decode(type) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try scalar(key).decode(type) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try scalar(key).decode(type) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try scalar(key).decode(type) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try scalar(key).decode(type) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try scalar(key).decode(type) }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let (node, path) = try node(for: key)
        return try session.decode(type, from: node, at: path)
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type,
        forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        let (node, path) = try node(for: key)
        return try TreeDecoder(node: node, path: path, session: session).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        let (node, path) = try node(for: key)
        return try TreeDecoder(node: node, path: path, session: session).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        TreeDecoder(
            node: ConfigNode(value: .table(record.table), origin: origin),
            path: record.path,
            session: session
        )
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        let (node, path) = try node(for: key)
        return TreeDecoder(node: node, path: path, session: session)
    }
}
