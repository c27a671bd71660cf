import Foundation
import Runlog
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Crash modes for ReliabilityTests (the flight recorder on threads other than the main thread). Each returns
// normally on success and calls `fail` on a setup error.
//
//   runlog-probe overflow-thread <file> <count>   buffered; a second thread logs <count> lines, then
//                                                 overflows its stack by unbounded recursion
//   runlog-probe thread-churn <file> <threads>    buffered; <threads> threads one after another each log a
//                                                 line and exit; prints "alt-stacks <n>" (threads that had
//                                                 an alternate signal stack after logging) and
//                                                 "maps <before> <after>" (lines of /proc/self/maps after 20
//                                                 warm-up threads and at the end)
//   runlog-probe crash-two-threads <file> <count> buffered; two threads each log <count> lines, meet, and
//                                                 both write through a bad pointer (SIGSEGV) at once

/// Runs the crash scenario `mode`; returns false when `mode` is not one of them.
func runCrashScenario(_ mode: String, path: String, arguments: [String]) -> Bool {
    switch mode {
    case "overflow-thread":
        overflowOnAnotherThread(path: path, lines: count(at: 3))
    case "thread-churn":
        threadChurn(path: path, threads: count(at: 3))
    case "crash-two-threads":
        crashOnTwoThreads(path: path, lines: count(at: 3))
    default:
        return false
    }
    return true
}

private func overflowOnAnotherThread(path: String, lines: Int) {
    let logger = bufferedLogger(tag: "overflow")
    let worker = Thread {
        for index in 0..<lines { logger.info("worker line \(index)") }
        print(recurse(0))  // never returns: SIGSEGV when the stack runs out
    }
    worker.stackSize = 1 << 20  // overflow quickly
    worker.start()
    sleep(10)
    fail("still alive 10 s after the stack overflow")
}

/// Recurses until the stack runs out, each frame holding 512 bytes it still reads after the call returns, so
/// the recursion can neither become a loop nor be proven infinite.
@inline(never)
private func recurse(_ depth: Int) -> Int {
    if depth < 0 { return 0 }
    return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 512) { buffer in
        buffer.initialize(repeating: UInt8(truncatingIfNeeded: depth))
        return recurse(depth + 1) &+ Int(buffer[depth % 512])
    }
}

private func threadChurn(path: String, threads: Int) {
    let logger = bufferedLogger(tag: "churn")
    let warmUp = 20
    var before = 0
    var withAltStack = 0
    for index in 0..<(warmUp + threads) {
        if index == warmUp { before = mappingCount() }
        if runLoggingThread(index) { withAltStack += index >= warmUp ? 1 : 0 }
    }
    let after = mappingCount()
    logger.flush()
    print("alt-stacks \(withAltStack)")
    print("maps \(before) \(after)")
}

/// Starts a thread that logs one line and reports whether it then has an alternate signal stack; waits for
/// it to end (pthread_join returns after its key destructors ran).
private func runLoggingThread(_ index: Int) -> Bool {
    let context = UnsafeMutablePointer<Int>.allocate(capacity: 1)
    defer { context.deallocate() }
    context.initialize(to: index)
    var thread = pthread_t()
    let started = pthread_create(
        &thread,
        nil,
        { raw in
            let slot = raw!.assumingMemoryBound(to: Int.self)
            try? getLogger().info("thread \(slot.pointee) says hello")
            var current = stack_t()
            let has = sigaltstack(nil, &current) == 0 && current.ss_flags & Int32(SS_DISABLE) == 0
            slot.pointee = has ? 1 : 0
            return nil
        },
        context
    )
    guard started == 0 else { fail("pthread_create failed: \(started)") }
    pthread_join(thread, nil)
    return context.pointee == 1
}

/// The number of memory mappings of this process (lines of /proc/self/maps, read to the end with read(2):
/// procfs reports a size of 0, so readers that trust the size stop early).
private func mappingCount() -> Int {
    let fd = open("/proc/self/maps", O_RDONLY)
    guard fd >= 0 else { fail("cannot open /proc/self/maps") }
    defer { close(fd) }
    var lines = 0
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if count < 0, errno == EINTR { continue }
        guard count > 0 else { break }
        lines += buffer[0..<count].count { $0 == UInt8(ascii: "\n") }
    }
    return lines
}

private func crashOnTwoThreads(path: String, lines: Int) {
    let logger = bufferedLogger(tag: "two")
    let arrived = Atomic<Int>(0)
    for name in ["first", "second"] {
        let thread = Thread {
            for index in 0..<lines { logger.info("\(name) line \(index)") }
            arrived.add(1, ordering: .acquiringAndReleasing)
            while arrived.load(ordering: .acquiring) < 2 {}
            // A write through a bad pointer faults at once (a Swift trap would first print its message).
            UnsafeMutablePointer<Int>(bitPattern: 16)!.pointee = 1
        }
        thread.start()
    }
    sleep(10)
    fail("still alive 10 s after two crashes")
}
