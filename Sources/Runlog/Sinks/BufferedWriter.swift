import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Buffered mode: log calls copy the encoded record into one half of a pre-allocated double buffer and
/// return; a background thread writes the other half. It writes at least every 100 ms, when a half is half
/// full, on ``flush()``, at exit, on SIGTERM/SIGINT/SIGHUP, and the flight recorder writes what is left on a fatal
/// signal.
///
/// Nothing is dropped: a logging thread that finds its half full wakes the writer and waits for room; a
/// record larger than a half is written directly after everything before it. Every `write(2)` ends on a
/// record boundary, so processes sharing a file still never see torn lines.
final class BufferedWriter: RecordWriter {
    /// How often the background thread writes at the latest.
    static let interval: DispatchTimeInterval = .milliseconds(100)

    /// The buffer halves and the atomics the flight recorder reads.
    let slot: RecorderSlot
    private let ownsDescriptor: Bool
    private let state = PlainLock(State())
    /// Held while a half is written, so halves reach the file in order.
    private let drainLock = PlainLock<Void>(())
    private let wake = DispatchSemaphore(value: 0)
    private let room = DispatchSemaphore(value: 0)
    private let stopping = Atomic<Bool>(false)
    private let recorderIndex: Int?
    /// Handles failed writes: keeps torn lines whole, reports each outage once, notes lost lines in the file.
    private let failures: WriteFailureTracker

    private struct State {
        /// Encoding scratch, reused by every record.
        var scratch: [UInt8] = []
        /// Bytes committed to the active half.
        var length = 0
        /// Whether the writer was already woken for the current half.
        var wokeWriter = false
    }

    init(
        fd: Int32,
        ownsDescriptor: Bool,
        name: String,
        capacity: Int,
        notice: (@Sendable (Int, String) -> [UInt8])? = nil
    ) {
        self.slot = RecorderSlot(fd: fd, halfCapacity: capacity / 2)
        self.ownsDescriptor = ownsDescriptor
        self.failures = WriteFailureTracker(fd: fd, name: name, notice: notice)
        self.recorderIndex = FlightRecorder.register(slot)
        state.withLock { $0.scratch.reserveCapacity(1024) }
        BufferedWriterRegistry.add(self)
        FlightRecorder.installTerminationHandlers()
        let box = WeakWriter(self)
        let thread = Thread { BufferedWriter.run(box) }
        thread.name = "runlog-writer"
        thread.start()
    }

    deinit {
        stopping.store(true, ordering: .releasing)
        wake.signal()
        drain()
        if let recorderIndex { FlightRecorder.unregister(recorderIndex) }
        if ownsDescriptor { close(slot.fd) }
    }

    /// The background thread: drain, then sleep until woken or 100 ms pass; ends when the writer is gone.
    private static func run(_ box: WeakWriter) {
        while true {
            let wake: DispatchSemaphore
            do {
                guard let writer = box.writer, !writer.stopping.load(ordering: .acquiring) else { return }
                writer.drain()
                wake = writer.wake
            }
            _ = wake.wait(timeout: .now() + interval)
        }
    }

    func write(_ encode: (inout [UInt8]) -> Void) {
        var pending: [UInt8]?
        state.withLock { state in
            state.scratch.removeAll(keepingCapacity: state.scratch.capacity <= 1 << 20)
            encode(&state.scratch)
            let bytes = state.scratch
            if !append(bytes, to: &state) { pending = bytes }
        }
        guard let pending else { return }
        if pending.count > slot.halfCapacity {
            writeOversized(pending)
            return
        }
        while true {
            wake.signal()
            _ = room.wait(timeout: .now() + .milliseconds(10))
            if state.withLock({ append(pending, to: &$0) }) { return }
        }
    }

    /// Copies `bytes` into the active half if they fit, publishing the new length for the flight recorder.
    private func append(_ bytes: [UInt8], to state: inout State) -> Bool {
        let half = slot.halfCapacity
        let start = state.length
        guard start + bytes.count <= half, let storage = slot.storage else { return false }
        let active = slot.active.load(ordering: .relaxed)
        bytes.withUnsafeBufferPointer { source in
            (storage + active * half + start).update(from: source.baseAddress!, count: source.count)
        }
        state.length = start + bytes.count
        slot.storeCommitted(active, state.length)
        if !state.wokeWriter, state.length >= half / 2 {
            state.wokeWriter = true
            wake.signal()
        }
        return true
    }

    func armFlightRecorder(encoder: RecordEncoder, tag: String?, rank: RankContext) {
        slot.arm(encoder: encoder, tag: tag, rank: rank)
        FlightRecorder.installFatalSignalHandlers()
    }

    /// Writes a record larger than a half directly, after everything buffered before it.
    private func writeOversized(_ bytes: [UInt8]) {
        drainLock.withLock { _ in
            drainLocked()
            bytes.withUnsafeBytes { raw in failures.write(raw.baseAddress!, raw.count) }
        }
    }

    /// Writes everything committed so far before returning.
    func flush() {
        drain()
    }

    /// Swaps the halves and writes the filled one.
    func drain() {
        drainLock.withLock { _ in drainLocked() }
    }

    private func drainLocked() {
        let swapped = state.withLock { state -> (half: Int, length: Int)? in
            guard state.length > 0 else { return nil }
            let old = slot.active.load(ordering: .relaxed)
            slot.inflightWritten.store(0, ordering: .relaxed)
            slot.inflight.store(old, ordering: .releasing)
            slot.active.store(old ^ 1, ordering: .releasing)
            let length = state.length
            state.length = 0
            state.wokeWriter = false
            return (old, length)
        }
        guard let swapped, let storage = slot.storage else { return }
        room.signal()
        let base = storage + swapped.half * slot.halfCapacity
        if failures.isFailing {
            failures.writeDuringOutage(base, swapped.length)
        } else {
            var written = 0
            while written < swapped.length {
                // A signal handler is writing these bytes itself; stop so nothing is written twice.
                while FlightRecorder.isDumping { sleep(1) }
                let result = systemWrite(slot.fd, base + written, swapped.length - written)
                if result < 0 {
                    let code = errno
                    if code == EINTR { continue }
                    failures.recordFailure(base, swapped.length, written: written, error: code)
                    break
                }
                written += result
                slot.inflightWritten.store(written, ordering: .releasing)
            }
        }
        slot.storeCommitted(swapped.half, 0)
        slot.inflight.store(-1, ordering: .releasing)
        room.signal()
    }

    /// Log lines that could not be written.
    var failedWrites: Int { failures.failedWrites.load(ordering: .relaxed) }
}

/// `write(2)` (named so it does not clash with ``BufferedWriter/write(_:)``).
private func systemWrite(_ fd: Int32, _ base: UnsafeMutablePointer<UInt8>, _ count: Int) -> Int {
    write(fd, base, count)
}

/// A weak reference the background thread holds, so a writer nobody uses any more can go away.
private final class WeakWriter: Sendable {
    weak let writer: BufferedWriter?

    init(_ writer: BufferedWriter) { self.writer = writer }
}

/// Every live buffered writer, flushed at normal exit (`atexit`).
enum BufferedWriterRegistry {
    private static let writers = Mutex<[WeakWriter]>([])
    private static let atExitInstalled = Atomic<Bool>(false)

    static func add(_ writer: BufferedWriter) {
        writers.withLock { list in
            list.removeAll { $0.writer == nil }
            list.append(WeakWriter(writer))
        }
        if !atExitInstalled.exchange(true, ordering: .acquiringAndReleasing) {
            atexit { BufferedWriterRegistry.flushAll() }
        }
    }

    /// Drains every live buffered writer.
    static func flushAll() {
        let live = writers.withLock { list in list.compactMap(\.writer) }
        for writer in live { writer.drain() }
    }
}
