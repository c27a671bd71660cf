import Foundation
import Testing

@testable import Runlog

/// The futex lock under the buffered and durable sinks: mutual exclusion holds when threads collide on the
/// quick path and when they must sleep in the kernel (a holder that takes its time).
@Suite(.serialized) struct PlainLockTests {
    /// A counter that is only safe to touch with the lock held.
    final class UnsafeCounter: @unchecked Sendable {
        var value = 0
    }

    /// Runs `body(thread)` on `threads` threads at once and waits for all of them.
    private func onThreads(_ threads: Int, _ body: @escaping @Sendable (Int) -> Void) {
        let group = DispatchGroup()
        for thread in 0..<threads {
            group.enter()
            Thread {
                body(thread)
                group.leave()
            }.start()
        }
        group.wait()
    }

    @Test func eightThreadsIncrementingUnderTheLockLoseNoIncrement() {
        let lock = PlainLock(0)
        onThreads(8) { _ in
            for _ in 0..<50_000 { lock.withLock { $0 += 1 } }
        }
        #expect(lock.withLock { $0 } == 400_000)
    }

    @Test func waitersThatSleepInTheKernelAreWokenAndExcluded() {
        // Each holder sleeps inside the critical section, far longer than the lock spins, so the other threads
        // take the contended path (futex wait) and every release has to wake one of them.
        let mutex = PlainMutex()
        let counter = UnsafeCounter()
        let inside = UnsafeCounter()
        let overlaps = UnsafeCounter()
        onThreads(4) { _ in
            for _ in 0..<50 {
                mutex.withLock {
                    inside.value += 1
                    if inside.value != 1 { overlaps.value += 1 }
                    usleep(200)
                    counter.value += 1
                    inside.value -= 1
                }
            }
        }
        #expect(counter.value == 200)
        #expect(overlaps.value == 0)
    }
}
