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
/// Nothing is dropped: a logging thread that finds its half full writes it itself (after any write in
/// progress); a record larger than a half is written directly after everything before it. Every `write(2)` ends on a
/// record boundary, so processes sharing a file still never see torn lines.
final class BufferedWriter: LineWriter, Sendable {
    /// How often the background thread writes at the latest.
    static let interval: DispatchTimeInterval = .milliseconds(100)

    /// The buffer halves and the atomics the flight recorder reads.
    let slot: RecorderSlot
    private let ownsDescriptor: Bool
    private let state: PlainLock<State>
    /// Held while a half is written, so halves reach the file in order.
    private let drainLock = PlainMutex()
    private let wake = DispatchSemaphore(value: 0)
    private let stopping = Atomic<Bool>(false)
    /// Signalled by the background thread when it ends, so the exit-time flush can wait for it.
    private let finished = DispatchSemaphore(value: 0)
    private let recorderIndex: Int?
    /// Handles failed writes: keeps torn lines whole, reports each outage once, notes lost lines in the file.
    private let failures: WriteFailureTracker

    private struct State {
        /// Bytes committed to the active half.
        var length = 0
        /// The length at which the writer is woken: half of a half, or `Int.max` once it was woken for the
        /// current half (one compare per record for both conditions).
        var wakeAt: Int
    }

    init(
        fd: Int32,
        ownsDescriptor: Bool,
        name: String,
        capacity: Int,
        notice: (@Sendable (Int, String) -> [UInt8])? = nil
    ) {
        self.slot = RecorderSlot(fd: fd, halfCapacity: capacity / 2)
        self.state = PlainLock(State(wakeAt: slot.halfCapacity / 2))
        self.ownsDescriptor = ownsDescriptor
        self.failures = WriteFailureTracker(fd: fd, name: name, notice: notice)
        self.recorderIndex = FlightRecorder.register(slot)
        BufferedWriterRegistry.add(self)
        FlightRecorder.installTerminationHandlers()
        let box = WeakWriter(self)
        let finished = self.finished
        let thread = Thread { BufferedWriter.run(box, finished: finished) }
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

    /// The background thread: drain, then sleep until woken or 100 ms pass; ends when the writer is gone or
    /// stopped, then signals `finished`.
    private static func run(_ box: WeakWriter, finished: DispatchSemaphore) {
        defer { finished.signal() }
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

    /// Writes the usual record: encoded straight into the free part of the active half under the lock when
    /// its message is printable ASCII (``TextLineEncoder/encodePrintableLine(seconds:prefix:message:to:capacity:)``);
    /// any other line goes to ``write(_:)`` out of line.
    @inline(__always)
    func writeText(_ line: TextLine) {
        let half = slot.halfCapacity
        guard let storage = slot.storage else { return }
        let done = state.withLock { state -> Bool in
            let start = state.length
            let active = slot.active.load(ordering: .relaxed)
            let length = line.encoder.encodePrintableLine(
                seconds: line.seconds,
                prefix: line.prefix,
                message: line.message,
                to: storage + (active &* half &+ start),
                capacity: half &- start
            )
            guard length >= 0 else { return false }
            commit(start &+ length, half: active, state: &state)
            return true
        }
        if !done { writeTextInFull(line.encoder, line.seconds, line.level, line.prefix, line.message) }
    }

    /// Encodes `line` straight into the free part of the active half under the lock; a record that does not
    /// fit there is encoded into an array and copied in once the full half is written.
    @inline(__always)
    func write<Line: EncodableLine>(_ line: Line) {
        let half = slot.halfCapacity
        guard let storage = slot.storage else { return }
        let done = state.withLock { state -> Bool in
            let start = state.length
            let active = slot.active.load(ordering: .relaxed)
            var cursor = BoundedCursor(base: storage + (active &* half &+ start), capacity: half &- start)
            line.encode(into: &cursor)
            guard !cursor.overflowed else { return false }
            commit(start &+ cursor.count, half: active, state: &state)
            return true
        }
        if !done { writeSlowly(line) }
    }

    /// Publishes `length` committed bytes in `half` for the flight recorder; wakes the writer at half full.
    @inline(__always)
    private func commit(_ length: Int, half active: Int, state: inout State) {
        state.length = length
        slot.storeCommitted(active, length)
        if length >= state.wakeAt {
            state.wakeAt = Int.max
            wake.signal()
        }
    }

    /// A record that did not fit in the active half: encoded aside, then copied in once the full half is
    /// written (or written directly when it is larger than a half).
    @inline(never)
    private func writeSlowly<Line: EncodableLine>(_ line: Line) {
        var pending: [UInt8] = []
        line.encode(into: &pending)
        if pending.count > slot.halfCapacity {
            writeOversized(pending)
            return
        }
        while !state.withLock({ append(pending, to: &$0) }) {
            // The active half is full: write it from this thread. Waiting for the background writer instead
            // would make logging as slow as the scheduler on a busy machine, where a woken thread can wait
            // milliseconds for a core while this one sits idle. `drain` takes the drain lock, so the halves
            // still reach the file in order.
            drain()
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
        commit(start + bytes.count, half: active, state: &state)
        return true
    }

    func armFlightRecorder(encoder: RecordEncoder, tag: String?, rank: RankContext) {
        slot.arm(encoder: encoder, tag: tag, rank: rank)
        FlightRecorder.installFatalSignalHandlers()
    }

    /// Writes a record larger than a half directly, after everything buffered before it.
    private func writeOversized(_ bytes: [UInt8]) {
        drainLock.withLock {
            drainLocked()
            bytes.withUnsafeBytes { raw in failures.write(raw.baseAddress!, raw.count) }
        }
    }

    /// At normal exit: stops the background thread and waits until it has ended (it may be in the middle of a
    /// write), then writes what is left from the exiting thread alone. Without the wait, the writer thread
    /// could still be draining while `exit` runs the remaining exit handlers and tears the process down.
    func stopAndDrain() {
        if !stopping.exchange(true, ordering: .acquiringAndReleasing) {
            wake.signal()
            // Bounded: a writer blocked on a stalled pipe must not hang the exit; the final drain below waits
            // for its write under `drainLock` anyway, so nothing is written twice or out of order.
            _ = finished.wait(timeout: .now() + .seconds(2))
        }
        drain()
    }

    /// Writes everything committed so far before returning.
    func flush() {
        drain()
    }

    /// Swaps the halves and writes the filled one.
    func drain() {
        drainLock.withLock { drainLocked() }
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
            state.wakeAt = slot.halfCapacity / 2
            return (old, length)
        }
        guard let swapped, let storage = slot.storage else { return }
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

    /// At exit: stops every live buffered writer's background thread and writes what is left.
    static func flushAll() {
        let live = writers.withLock { list in list.compactMap(\.writer) }
        for writer in live { writer.stopAndDrain() }
    }
}
