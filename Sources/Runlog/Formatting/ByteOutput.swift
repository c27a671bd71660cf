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

/// Where an encoder writes a record: bulk copies, and a growable array or a bounded region of a buffer.
protocol LineOutput: ByteOutput {
    /// Appends `count` bytes from `source`.
    mutating func appendBytes(_ source: UnsafePointer<UInt8>, count: Int)
}

extension LineOutput {
    /// Appends the bytes of a static string.
    @inline(__always)
    mutating func appendStatic(_ text: StaticString) {
        appendBytes(text.utf8Start, count: text.utf8CodeUnitCount)
    }

    /// Appends the bytes of `buffer`.
    @inline(__always)
    mutating func appendBytes(_ buffer: UnsafeBufferPointer<UInt8>) {
        if let base = buffer.baseAddress { appendBytes(base, count: buffer.count) }
    }
}

extension Array: LineOutput where Element == UInt8 {
    mutating func appendBytes(_ source: UnsafePointer<UInt8>, count: Int) {
        append(contentsOf: UnsafeBufferPointer(start: source, count: count))
    }
}

/// Writes into a fixed region (the free part of a buffer half, or a stack buffer) and notes when a record
/// does not fit instead of writing past the end; the writer then encodes the record again elsewhere.
struct BoundedCursor: LineOutput {
    /// Start of the region.
    let base: UnsafeMutablePointer<UInt8>
    /// Bytes available at `base`.
    let capacity: Int
    /// Bytes written so far.
    private(set) var count = 0
    /// Whether something did not fit (the content is then incomplete and must not be used).
    private(set) var overflowed = false

    init(base: UnsafeMutablePointer<UInt8>, capacity: Int) {
        self.base = base
        self.capacity = capacity
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        guard count < capacity else {
            overflowed = true
            return
        }
        base[count] = byte
        count &+= 1
    }

    @inline(__always)
    mutating func appendBytes(_ source: UnsafePointer<UInt8>, count length: Int) {
        guard length <= capacity &- count else {
            overflowed = true
            return
        }
        copyBytes(source, to: base + count, count: length)
        count &+= length
    }
}

/// Copies `length` bytes from `source` to `target`: two overlapping 8-byte moves for 8 to 16 bytes (a line
/// prefix, the usual short run) instead of a call to memmove.
@inline(__always)
func copyBytes(_ source: UnsafePointer<UInt8>, to target: UnsafeMutablePointer<UInt8>, count length: Int) {
    if length >= 8, length <= 16 {
        let first = UnsafeRawPointer(source).loadUnaligned(as: UInt64.self)
        let last = UnsafeRawPointer(source + (length &- 8)).loadUnaligned(as: UInt64.self)
        UnsafeMutableRawPointer(target).storeBytes(of: first, as: UInt64.self)
        UnsafeMutableRawPointer(target + (length &- 8)).storeBytes(of: last, as: UInt64.self)
    } else {
        target.update(from: source, count: length)
    }
}
