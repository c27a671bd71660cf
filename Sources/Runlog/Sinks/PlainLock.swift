import CRunlogHotPath

/// A mutual-exclusion lock over a value for the logging hot path, built on a three-state futex lock
/// (`runlog_lock` in CRunlogHotPath).
///
/// `Synchronization.Mutex` on Linux is a priority-inheritance futex: every contended unlock hands the lock
/// to a sleeping waiter in the kernel, so threads logging at once form a convoy of context switches. This
/// lock, like a plain `pthread_mutex_t` or the `std::mutex` spdlog uses, lets the running thread take the
/// lock again and only wakes a waiter; unlike `pthread_mutex_lock`, its uncontended lock and unlock are one
/// inlined atomic instruction each.
final class PlainLock<Value>: @unchecked Sendable {
    private let mutex = FutexLock()
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

/// A lock that guards a critical section rather than a value (the order of writes to a
/// file, say).
///
/// Not `PlainLock<Void>`: ThreadSanitizer instruments the `inout` access to a lock's value even when the value
/// is empty, places that zero-size access at the object's address and reported two threads that both held
/// the mutex as racing on it. With no value there is no access to instrument.
final class PlainMutex: @unchecked Sendable {
    private let mutex = FutexLock()

    deinit { mutex.destroy() }

    /// Runs `body` with the mutex held.
    @inline(__always)
    func withLock<Result>(_ body: () throws -> Result) rethrows -> Result {
        mutex.lock()
        defer { mutex.unlock() }
        return try body()
    }
}

/// The `runlog_lock` both locks hold: allocated once so its address never moves, freed by the owner.
private struct FutexLock {
    private let pointer: UnsafeMutablePointer<runlog_lock>

    init() {
        pointer = .allocate(capacity: 1)
        pointer.initialize(to: runlog_lock())
    }

    @inline(__always) func lock() { runlog_lock_acquire(pointer) }

    @inline(__always) func unlock() { runlog_lock_release(pointer) }

    /// Frees the lock; called once, from the owning lock's `deinit`.
    func destroy() {
        pointer.deallocate()
    }
}
