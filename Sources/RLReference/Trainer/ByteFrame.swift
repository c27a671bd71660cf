/// Little-endian encoding of the integers and doubles the gradient all-reduce exchanges.
struct ByteFrame {
    /// The encoded bytes.
    private(set) var bytes: [UInt8] = []

    mutating func append(_ value: Int) {
        withUnsafeBytes(of: UInt64(truncatingIfNeeded: value).littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func append(_ value: Double) {
        withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func append(_ values: [Double]) {
        append(values.count)
        bytes.reserveCapacity(bytes.count + values.count * 8)
        for value in values { append(value) }
    }

    /// Reads values back, in the order they were appended.
    struct Reader {
        let bytes: [UInt8]
        var offset = 0

        init(_ bytes: [UInt8]) {
            self.bytes = bytes
        }

        mutating func int() -> Int {
            Int(truncatingIfNeeded: word())
        }

        mutating func double() -> Double {
            Double(bitPattern: word())
        }

        private mutating func word() -> UInt64 {
            var value: UInt64 = 0
            for index in 0..<8 { value |= UInt64(bytes[offset + index]) << (8 * UInt64(index)) }
            offset += 8
            return value
        }
    }
}
