#if canImport(Glibc)
import Glibc
#endif

/// A growable byte buffer for the tee's console output, reused from batch to batch.
///
/// Why not `[UInt8]`: appending a line to an array checks uniqueness and capacity and retains and releases
/// its storage, which cost more per line than copying the line itself. This buffer belongs to one reader
/// on the supervisor's thread and is never shared, so it needs none of that.
final class ByteBuffer {
    // Unchecked: confined to one thread and never accessed re-entrantly, and the runtime's dynamic
    // exclusivity check on each append showed in the tee's profile.
    @exclusivity(unchecked) private(set) var base: UnsafeMutableRawPointer
    @exclusivity(unchecked) private(set) var count = 0
    @exclusivity(unchecked) private(set) var capacity: Int
    /// The capacity the buffer shrinks back to after a huge line.
    private let usualCapacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        usualCapacity = self.capacity
        base = .allocate(byteCount: self.capacity, alignment: 16)
    }

    deinit {
        base.deallocate()
    }

    /// The bytes written so far; valid until the next change.
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    var isEmpty: Bool { count == 0 }

    /// Where the next byte goes; what ``reserve(_:)`` made room for starts here.
    var end: UnsafeMutableRawPointer { base + count }

    /// Makes room for `extra` more bytes.
    @inline(__always)
    func reserve(_ extra: Int) {
        if count + extra > capacity { grow(to: count + extra) }
    }

    private func grow(to needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let newBase = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 16)
        newBase.copyMemory(from: base, byteCount: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    /// Appends `byteCount` bytes from `source`; call ``reserve(_:)`` first.
    @inline(__always)
    func appendReserved(_ source: UnsafeRawPointer, _ byteCount: Int) {
        memcpy(base + count, source, byteCount)
        count += byteCount
    }

    /// Appends one byte; call ``reserve(_:)`` first.
    @inline(__always)
    func appendReserved(_ byte: UInt8) {
        base.storeBytes(of: byte, toByteOffset: count, as: UInt8.self)
        count += 1
    }

    /// Counts `byteCount` bytes written at ``end`` (room reserved first), as ``PlainLineCopier`` does.
    @inline(__always)
    func advance(by byteCount: Int) {
        count += byteCount
    }

    func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress else { return }
        reserve(bytes.count)
        appendReserved(source, bytes.count)
    }

    func append(_ byte: UInt8) {
        reserve(1)
        appendReserved(byte)
    }

    /// Removes the last byte.
    func removeLast() {
        count -= 1
    }

    /// Empties the buffer; after a huge line its memory goes back to the usual size.
    func removeAll() {
        count = 0
        if capacity > 4 * usualCapacity {
            base.deallocate()
            capacity = usualCapacity
            base = .allocate(byteCount: capacity, alignment: 16)
        }
    }
}
