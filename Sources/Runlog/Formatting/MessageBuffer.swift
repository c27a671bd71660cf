import CRunlogHotPath

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes of one ``LogMessage``, written by its string interpolation.
///
/// Each thread keeps one buffer in ``MessageBufferCache`` and reuses it for message after message, so building
/// a message allocates nothing in steady state. A buffer is only ever written by the thread that took it from
/// the cache, before the message exists; afterwards it is read-only until that thread takes it again, which
/// happens only once nothing but the cache refers to it (see ``MessageBufferCache/take()``). That makes sharing
/// a finished message between threads safe, hence `@unchecked Sendable`.
@usableFromInline
final class MessageBuffer: @unchecked Sendable {
    // Exclusivity is not checked at run time: only one thread writes a buffer, and never re-entrantly (a
    // nested message takes a buffer of its own), so the checks would only cost time on every append.

    /// The bytes; `capacity` allocated, `count` written.
    @exclusivity(unchecked) @usableFromInline var base: UnsafeMutablePointer<UInt8>
    /// Bytes written so far.
    @exclusivity(unchecked) @usableFromInline var count = 0
    /// Bytes allocated at `base`.
    @exclusivity(unchecked) @usableFromInline var capacity: Int

    @usableFromInline
    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deallocate()
    }

    /// Appends `length` bytes from `source`.
    @inlinable @inline(__always)
    func append(_ source: UnsafeRawPointer, length: Int) {
        let start = reserve(length)
        start.initialize(from: source.assumingMemoryBound(to: UInt8.self), count: length)
        count &+= length
    }

    /// Appends one byte.
    @inlinable @inline(__always)
    func append(_ byte: UInt8) {
        if count == capacity { grow(toHold: count &+ 1) }
        base[count] = byte
        count &+= 1
    }

    /// Makes room for `length` more bytes and returns where they go (the caller advances `count`).
    @inlinable @inline(__always)
    func reserve(_ length: Int) -> UnsafeMutablePointer<UInt8> {
        if length > capacity &- count { grow(toHold: count + length) }
        return base + count
    }

    /// Whether `length` more bytes fit without growing.
    @inline(__always)
    func hasRoom(_ length: Int) -> Bool {
        length <= capacity &- count
    }

    /// Reallocates so at least `needed` bytes fit, keeping the bytes written so far.
    @usableFromInline @inline(never)
    func grow(toHold needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.initialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    /// The bytes written so far.
    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }
}

/// This thread's message buffer, emptied, for a message being built (``MessageBufferCache/take()``).
///
/// A free function: the exported symbol of a static method of an enum is a thunk around a copy without the
/// unused metatype, an extra call on every message built.
@usableFromInline
func takeMessageBuffer() -> MessageBuffer {
    MessageBufferCache.take()
}

/// One ``MessageBuffer`` per thread, reused by message after message.
///
/// Each thread has a one-word slot that keeps its buffer, found through a C `__thread` variable (one TLS load;
/// a pthread key only frees the slot when the thread ends). A message takes the slot's buffer when nothing
/// else refers to it any more, that is when the previous message using it is gone: one lookup per message
/// and nothing to give back after the log call. A buffer still
/// in use (a message being built while another is, as when a value's `description` logs, or a message that
/// was stored or sent elsewhere) stays with its message, and the slot gets a new buffer.
@usableFromInline
enum MessageBufferCache {
    /// Buffers larger than this are not kept (one huge message must not pin its memory for the thread's life).
    static let largestKept = 64 * 1024
    /// The size of a new buffer: one workload line fits many times.
    static let initialCapacity = 256

    /// The key whose destructor frees the thread's slot and releases its buffer when the thread ends.
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        let status = pthread_key_create(&key) { raw in
            guard let raw else { return }
            runlog_thread_message_slot_set(nil)
            let slot = raw.assumingMemoryBound(to: MessageBuffer?.self)
            slot.deinitialize(count: 1)
            slot.deallocate()
        }
        precondition(status == 0, "Runlog: pthread_key_create failed (\(status)); too many thread-specific keys")
        return key
    }()

    /// This thread's slot, created on first use.
    @inline(__always)
    private static func slot() -> UnsafeMutablePointer<MessageBuffer?> {
        if let raw = runlog_thread_message_slot_get() {
            return raw.assumingMemoryBound(to: MessageBuffer?.self)
        }
        return makeSlot()
    }

    @inline(never)
    private static func makeSlot() -> UnsafeMutablePointer<MessageBuffer?> {
        let slot = UnsafeMutablePointer<MessageBuffer?>.allocate(capacity: 1)
        slot.initialize(to: nil)
        pthread_setspecific(key, slot)
        runlog_thread_message_slot_set(slot)
        return slot
    }

    /// This thread's buffer, emptied, or a new one when the thread has none to spare (its buffer is still held
    /// by a message, or grew too large).
    ///
    /// The buffer moves out of the slot and back in (``giveBack(_:)``) rather than being shared with it: a
    /// message that is logged at once then costs no reference counting at all, where a shared buffer would
    /// cost an atomic retain when taken and an atomic release when the message ends.
    @inline(__always)
    static func take() -> MessageBuffer {
        let slot = slot()
        // Unique: no message refers to the buffer any more, so nothing reads it and no other thread can reach it.
        // `slot.move()` inside the condition: binding a copy of it first would hold a second reference.
        if var buffer = slot.move(), isKnownUniquelyReferenced(&buffer), buffer.capacity <= largestKept {
            slot.initialize(to: nil)
            buffer.count = 0
            return buffer
        }
        slot.initialize(to: nil)
        return MessageBuffer(capacity: initialCapacity)
    }

    /// Puts the buffer of a message that was just logged back in the thread's slot, for the next message.
    ///
    /// A copy of the message may still hold it (a message stored and logged later); ``take()`` then sees that it
    /// is shared and leaves it to that copy.
    @usableFromInline
    static func giveBack(_ buffer: consuming MessageBuffer) {
        let slot = slot()
        // ``take()`` left the slot empty, and it usually still is: initialising it then skips the release of
        // the old value (a call into the runtime even for nil).
        if slot.pointee == nil {
            slot.initialize(to: buffer)
        } else {
            slot.pointee = buffer
        }
    }
}
