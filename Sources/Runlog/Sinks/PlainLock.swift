#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A mutual-exclusion lock over a value for the logging hot path, built on a plain `pthread_mutex_t`.
///
/// `Synchronization.Mutex` on Linux is a priority-inheritance futex: every contended unlock hands the lock
/// to a sleeping waiter in the kernel, so threads logging at once form a convoy of context switches. A
/// plain mutex lets the running thread take the lock again and only wakes a waiter, like the `std::mutex`
/// spdlog uses.
final class PlainLock<Value>: @unchecked Sendable {
    private let mutex = PthreadMutex()
    /// Only touched with `mutex` held, so Swift's run-time exclusivity check is redundant (and costs a
    /// thread-local lookup per access on the log path).
    @exclusivity(unchecked) private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    deinit { mutex.destroy() }

    /// Runs `body` with exclusive access to the value.
    @inline(__always)
    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        mutex.lock()
        defer { mutex.unlock() }
        return try body(&value)
    }
}

/// A plain `pthread_mutex_t` that guards a critical section rather than a value (the order of writes to a
/// file, say).
///
/// Not `PlainLock<Void>`: ThreadSanitizer instruments the `inout` access to a lock's value even when the value
/// is empty, places that zero-size access at the object's address and reported two threads that both held
/// the mutex as racing on it. With no value there is no access to instrument.
final class PlainMutex: @unchecked Sendable {
    private let mutex = PthreadMutex()

    deinit { mutex.destroy() }

    /// Runs `body` with the mutex held.
    @inline(__always)
    func withLock<Result>(_ body: () throws -> Result) rethrows -> Result {
        mutex.lock()
        defer { mutex.unlock() }
        return try body()
    }
}

/// The `pthread_mutex_t` both locks hold: allocated once so its address never moves, destroyed by the owner.
private struct PthreadMutex {
    private let pointer: UnsafeMutablePointer<pthread_mutex_t>

    init() {
        pointer = .allocate(capacity: 1)
        pointer.initialize(to: pthread_mutex_t())
        pthread_mutex_init(pointer, nil)
    }

    @inline(__always) func lock() { pthread_mutex_lock(pointer) }

    @inline(__always) func unlock() { pthread_mutex_unlock(pointer) }

    /// Destroys and frees the mutex; called once, from the owning lock's `deinit`.
    func destroy() {
        pthread_mutex_destroy(pointer)
        pointer.deallocate()
    }
}
