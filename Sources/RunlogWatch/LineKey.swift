/// A masked line (see ``LineMask``) as a dictionary key, hashed once when it is made.
///
/// Why: `[UInt8]` hashes byte by byte each time a dictionary looks it up, and the collapser looks a key
/// up several times per line; with the hash kept, each lookup costs one word of hashing.
public struct LineKey: Hashable, Sendable {
    /// The masked bytes.
    public let bytes: [UInt8]
    private let digest: UInt64

    /// Makes a key of masked bytes.
    ///
    /// - Parameter bytes: The masked line, for example from ``LineMask/appendMask(ofNeutralized:into:)``.
    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        digest = bytes.withUnsafeBytes(Self.digest)
    }

    public static func == (lhs: LineKey, rhs: LineKey) -> Bool {
        lhs.digest == rhs.digest && lhs.bytes == rhs.bytes
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(digest)  // seeded and mixed again by Hasher
    }

    /// A fast 64-bit digest, eight bytes at a time (FNV-style multiply, with a shift to mix high bits down).
    private static func digest(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var value: UInt64 = 0xCBF2_9CE4_8422_2325 ^ UInt64(bytes.count)
        let prime: UInt64 = 0x0000_0100_0000_01B3
        var index = 0
        if let base = bytes.baseAddress {
            while index + 8 <= bytes.count {
                value = (value ^ base.loadUnaligned(fromByteOffset: index, as: UInt64.self)) &* prime
                value ^= value >> 29
                index += 8
            }
        }
        while index < bytes.count {
            value = (value ^ UInt64(bytes[index])) &* prime
            index += 1
        }
        return value ^ (value >> 32)
    }
}
