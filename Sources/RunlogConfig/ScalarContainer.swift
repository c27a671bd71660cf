/// The single-value container of ``TreeDecoder``: scalars go through ``PrimitiveDecoding``.
struct ScalarContainer: SingleValueDecodingContainer {
    let node: ConfigNode
    let path: ConfigPath
    let session: DecodingSession

    var codingPath: [any CodingKey] { path.codingKeys }

    func decodeNil() -> Bool { false }
    func decode(_ type: Bool.Type) throws -> Bool { try PrimitiveDecoding.bool(node, at: path) }
    func decode(_ type: String.Type) throws -> String { try PrimitiveDecoding.string(node, at: path) }
    func decode(_ type: Double.Type) throws -> Double { try PrimitiveDecoding.double(node, at: path) }
    func decode(_ type: Float.Type) throws -> Float { try PrimitiveDecoding.float(node, at: path) }
    func decode(_ type: Int.Type) throws -> Int { try PrimitiveDecoding.integer(type, node, at: path) }
    func decode(_ type: Int8.Type) throws -> Int8 { try PrimitiveDecoding.integer(type, node, at: path) }
    func decode(_ type: Int16.Type) throws -> Int16 { try PrimitiveDecoding.integer(type, node, at: path) }
    func decode(_ type: Int32.Type) throws -> Int32 { try PrimitiveDecoding.integer(type, node, at: path) }
    func decode(_ type: Int64.Type) throws -> Int64 { try PrimitiveDecoding.integer(type, node, at: path) }
    func decode(_ type: UInt.Type) throws -> UInt { try PrimitiveDecoding.integer(type, node, at: path) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try PrimitiveDecoding.integer(type, node, at: path) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try PrimitiveDecoding.integer(type, node, at: path) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try PrimitiveDecoding.integer(type, node, at: path) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try PrimitiveDecoding.integer(type, node, at: path) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try session.decode(type, from: node, at: path) }
}
