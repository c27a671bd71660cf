extension LogLevel: Codable {
    /// Decodes a level from a string as people write it in configuration files (`"debug"`, `"WARN"`, ...),
    /// with the same spellings as ``init(parsing:)``.
    ///
    /// - Parameter decoder: The decoder.
    /// - Throws: `DecodingError.dataCorrupted` whose description names the accepted spellings.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try LogLevel(parsing: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    /// Encodes the level as its lower-case name (`"info"`).
    ///
    /// - Parameter encoder: The encoder.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name.lowercased())
    }
}
