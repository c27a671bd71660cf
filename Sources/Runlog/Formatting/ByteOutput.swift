/// Somewhere bytes can be appended: a growable array in normal code, fixed pre-allocated memory in a signal
/// handler (where allocation is not allowed).
protocol ByteOutput {
    /// Appends one byte.
    mutating func append(_ byte: UInt8)
}

extension Array: ByteOutput where Element == UInt8 {}

/// Appends into pre-allocated memory, silently stopping at its end; used only from signal handlers.
struct RawByteCursor: ByteOutput {
    /// Start of the memory.
    let base: UnsafeMutablePointer<UInt8>
    /// Bytes available at `base`.
    let capacity: Int
    /// Bytes written so far.
    private(set) var count = 0

    init(base: UnsafeMutablePointer<UInt8>, capacity: Int) {
        self.base = base
        self.capacity = capacity
    }

    mutating func append(_ byte: UInt8) {
        guard count < capacity else { return }
        base[count] = byte
        count += 1
    }

    /// Appends `length` bytes from `source`.
    mutating func append(_ source: UnsafePointer<UInt8>, length: Int) {
        for index in 0..<length { append(source[index]) }
    }
}
