/// The unkeyed container of ``TreeDecoder``, over a TOML array (or an array of tables).
struct ArrayContainer: UnkeyedDecodingContainer {
    let items: [ConfigNode]
    let path: ConfigPath
    let session: DecodingSession
    var currentIndex = 0

    init(items: [ConfigNode], path: ConfigPath, session: DecodingSession) {
        self.items = items
        self.path = path
        self.session = session
    }

    var codingPath: [any CodingKey] { path.codingKeys }
    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    private mutating func next() throws -> (ConfigNode, ConfigPath) {
        guard !isAtEnd else {
            throw RunlogConfigError(.missingKey, path: path, message: "'\(path)' has too few elements")
        }
        defer { currentIndex += 1 }
        return (items[currentIndex], path.appending(.index(currentIndex)))
    }

    mutating func decodeNil() throws -> Bool { false }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (node, path) = try next()
        return try session.decode(type, from: node, at: path)
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try nextScalar().decode(type) }
    mutating func decode(_ type: String.Type) throws -> String { try nextScalar().decode(type) }
    mutating func decode(_ type: Double.Type) throws -> Double { try nextScalar().decode(type) }
    mutating func decode(_ type: Float.Type) throws -> Float { try nextScalar().decode(type) }
    mutating func decode(_ type: Int.Type) throws -> Int { try nextScalar().decode(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try nextScalar().decode(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try nextScalar().decode(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try nextScalar().decode(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try nextScalar().decode(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try nextScalar().decode(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try nextScalar().decode(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try nextScalar().decode(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try nextScalar().decode(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try nextScalar().decode(type) }

    private mutating func nextScalar() throws -> ScalarContainer {
        let (node, path) = try next()
        return ScalarContainer(node: node, path: path, session: session)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type
    ) throws -> KeyedDecodingContainer<NestedKey> {
        let (node, path) = try next()
        return try TreeDecoder(node: node, path: path, session: session).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (node, path) = try next()
        return try TreeDecoder(node: node, path: path, session: session).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let (node, path) = try next()
        return TreeDecoder(node: node, path: path, session: session)
    }
}
