import CRunlogSignal
import Synchronization

/// The part of one sink that the flight recorder's signal handlers may touch: a thin Swift wrapper over a C
/// `runlog_slot` (its descriptor, its pre-allocated buffer halves, the counters saying which bytes are
/// pending, and one pre-encoded final line per fatal signal). The handlers themselves are C; see
/// ``FlightRecorder``.
///
/// `@unchecked Sendable` because it holds raw pointers; they are safe to share: the buffer halves are only
/// written by ``BufferedWriter`` under its locks and published through the C atomics, the final lines are
/// written before they are published (release) and never changed afterwards, and signal handlers only read.
final class RecorderSlot: @unchecked Sendable {
    /// One counter of the C slot, with the load/store shape of `Atomic<Int>`.
    struct Counter: @unchecked Sendable {
        fileprivate let slot: UnsafeMutablePointer<runlog_slot>
        fileprivate let counter: runlog_slot_counter

        /// The counter's value, read with `ordering`.
        @inline(__always)
        func load(ordering: AtomicLoadOrdering) -> Int {
            let order: memory_order
            switch ordering {
            case .relaxed: order = memory_order_relaxed
            case .acquiring: order = memory_order_acquire
            default: order = memory_order_seq_cst
            }
            return runlog_slot_load(slot, counter, Int32(order.rawValue))
        }

        /// Publishes `value` with `ordering` (`.releasing` makes earlier writes visible before it).
        @inline(__always)
        func store(_ value: Int, ordering: AtomicStoreOrdering) {
            let order: memory_order
            switch ordering {
            case .relaxed: order = memory_order_relaxed
            case .releasing: order = memory_order_release
            default: order = memory_order_seq_cst
            }
            runlog_slot_store(slot, counter, value, Int32(order.rawValue))
        }
    }

    /// The C slot the handlers read (freed in `deinit`).
    let cSlot: UnsafeMutablePointer<runlog_slot>
    /// The sink's descriptor.
    let fd: Int32
    /// Bytes per buffer half (0 for a durable sink, which has nothing pending).
    let halfCapacity: Int
    /// Both halves, `2 * halfCapacity` bytes (nil for a durable sink).
    let storage: UnsafeMutablePointer<UInt8>?
    /// The half producers append to (0 or 1).
    let active: Counter
    /// The half being written by the background writer (-1 when none).
    let inflight: Counter
    /// How much of the in-flight half is already written.
    let inflightWritten: Counter

    init(fd: Int32, halfCapacity: Int) {
        guard let slot = runlog_slot_create(fd, halfCapacity) else {
            fatalError("runlog: out of memory allocating a \(2 * halfCapacity)-byte sink buffer")
        }
        cSlot = slot
        self.fd = fd
        self.halfCapacity = max(halfCapacity, 0)
        storage = runlog_slot_storage(slot)
        active = Counter(slot: slot, counter: RUNLOG_SLOT_ACTIVE)
        inflight = Counter(slot: slot, counter: RUNLOG_SLOT_INFLIGHT)
        inflightWritten = Counter(slot: slot, counter: RUNLOG_SLOT_INFLIGHT_WRITTEN)
    }

    deinit {
        runlog_slot_destroy(cSlot)
    }

    /// Publishes the committed length of `half` (release: the bytes before it are visible to a handler).
    ///
    /// Producers call this for every record they append, so it is also where a logging thread gets its
    /// alternate signal stack (once; afterwards one thread-local load and a branch): a stack overflow on any
    /// thread that logs through a buffered sink is then still recorded. A length of 0 means the background
    /// writer recycled the half; the cached UTC offset for the final lines is refreshed then (at most once a
    /// second), so a daylight-saving change is followed without a clock call on the logging path.
    func storeCommitted(_ half: Int, _ length: Int) {
        let committed = half == 0 ? RUNLOG_SLOT_COMMITTED_0 : RUNLOG_SLOT_COMMITTED_1
        runlog_slot_store(cSlot, committed, length, Int32(memory_order_release.rawValue))
        runlog_thread_ensure_alt_stack()
        if length == 0 { runlog_recorder_refresh_utc_offset_if_stale() }
    }

    /// Pre-renders the final line for every fatal signal with `encoder`; call once, before arming the
    /// signal handlers. Later calls return at once.
    func arm(encoder: RecordEncoder, tag: String?, rank: RankContext) {
        guard runlog_slot_begin_arming(cSlot) else { return }
        let style: runlog_time_style
        let timeOffset: Int
        switch encoder.format {
        case .text(let colored):
            style = RUNLOG_TIME_CLOCK
            timeOffset = colored ? ANSIStyle.dim.count : 0
        case .jsonLines:
            style = RUNLOG_TIME_ISO8601
            timeOffset = JSONLineEncoder.timeOffset
        }
        for signal in FatalSignal.allCases {
            var line: [UInt8] = []
            let record = LogRecord(
                level: .critical,
                message: "fatal signal \(signal.name) (\(signal.explanation)): the process is terminating",
                tag: tag.map { String($0.prefix(200)) },
                file: "Runlog/FlightRecorder.swift",
                function: "flightRecorder",
                line: 0,
                rank: rank
            )
            encoder.encode(record, into: &line)
            line.withUnsafeBufferPointer { bytes in
                runlog_slot_set_final_line(cSlot, signal.number, bytes.baseAddress, bytes.count)
            }
        }
        runlog_slot_finish_arming(cSlot, style, timeOffset)
    }
}
