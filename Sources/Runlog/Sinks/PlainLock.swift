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
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value

    init(_ value: Value) {
        self.value = value
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` with exclusive access to the value.
    @inline(__always)
    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
