import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The part of one sink that a signal handler may touch: its descriptor, its pre-allocated buffer halves,
/// atomics saying which bytes are pending, and pre-rendered final lines, one per fatal signal.
///
/// `@unchecked Sendable` because it holds raw pointers; they are safe to share: the buffer halves are only
/// written by ``BufferedWriter`` under its locks and published through the atomics below, the templates are
/// written before their length is published (release) and never changed afterwards, and signal handlers
/// only read.
final class RecorderSlot: @unchecked Sendable {
    /// Longest pre-rendered final line.
    static let templateCapacity = 1024

    /// The sink's descriptor.
    let fd: Int32
    /// Bytes per buffer half (0 for a durable sink, which has nothing pending).
    let halfCapacity: Int
    /// Both halves, `2 * halfCapacity` bytes.
    let storage: UnsafeMutablePointer<UInt8>?
    /// The half producers append to (0 or 1).
    let active = Atomic<Int>(0)
    /// Committed bytes in half 0 and half 1.
    let committed0 = Atomic<Int>(0)
    let committed1 = Atomic<Int>(0)
    /// The half being written by the drain (-1 when none).
    let inflight = Atomic<Int>(-1)
    /// How much of the in-flight half is already written.
    let inflightWritten = Atomic<Int>(0)

    /// One final line per ``FatalSignal`` case (`templateCapacity` bytes each).
    let templates: UnsafeMutablePointer<UInt8>
    /// Length of each template; 0 until armed.
    let templateLengths: UnsafeMutablePointer<Int>
    /// 0 unarmed, 2 while one thread writes the templates, 1 once they are published (release).
    let armed = Atomic<Int>(0)
    /// Where the time goes in each template, and its style.
    private(set) var timeOffset = 0
    private(set) var timeStyle = TimeStyle.clock
    /// Scratch memory for composing the final line inside the handler.
    let scratch: UnsafeMutablePointer<UInt8>

    /// How the template spells the time.
    enum TimeStyle {
        /// `HH:mm:ss` local time (8 bytes).
        case clock
        /// ISO-8601 UTC with milliseconds (24 bytes).
        case iso8601
    }

    init(fd: Int32, halfCapacity: Int) {
        self.fd = fd
        self.halfCapacity = halfCapacity
        if halfCapacity > 0 {
            storage = UnsafeMutablePointer<UInt8>.allocate(capacity: 2 * halfCapacity)
        } else {
            storage = nil
        }
        templates = UnsafeMutablePointer<UInt8>.allocate(capacity: Self.templateCapacity * FatalSignal.allCases.count)
        templateLengths = UnsafeMutablePointer<Int>.allocate(capacity: FatalSignal.allCases.count)
        templateLengths.initialize(repeating: 0, count: FatalSignal.allCases.count)
        scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: Self.templateCapacity)
    }

    deinit {
        storage?.deallocate()
        templates.deallocate()
        templateLengths.deallocate()
        scratch.deallocate()
    }

    /// Publishes the committed length of `half`.
    func storeCommitted(_ half: Int, _ length: Int) {
        if half == 0 {
            committed0.store(length, ordering: .releasing)
        } else {
            committed1.store(length, ordering: .releasing)
        }
    }

    /// The committed length of `half`.
    func loadCommitted(_ half: Int) -> Int {
        half == 0 ? committed0.load(ordering: .acquiring) : committed1.load(ordering: .acquiring)
    }

    /// Pre-renders the final line for every fatal signal with `encoder`; call once, before arming the
    /// signal handlers.
    func arm(encoder: RecordEncoder, tag: String?, rank: RankContext) {
        // Only the first caller writes the templates; the others return at once.
        guard armed.compareExchange(expected: 0, desired: 2, ordering: .acquiringAndReleasing).exchanged else {
            return
        }
        switch encoder.format {
        case .text(let colored):
            timeStyle = .clock
            timeOffset = colored ? ANSIStyle.dim.count : 0
        case .jsonLines:
            timeStyle = .iso8601
            timeOffset = JSONLineEncoder.timeOffset
        }
        for (index, signal) in FatalSignal.allCases.enumerated() {
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
            let length = min(line.count, Self.templateCapacity)
            line.withUnsafeBufferPointer { bytes in
                (templates + index * Self.templateCapacity).update(from: bytes.baseAddress!, count: length)
            }
            templateLengths[index] = length
        }
        armed.store(1, ordering: .releasing)
    }

    /// Writes the pending bytes (in order: the in-flight half's unwritten rest, then the active half).
    /// Async-signal-safe: atomics, pointer arithmetic and `write(2)` only.
    func writePendingFromSignalHandler() {
        guard let storage, halfCapacity > 0 else { return }
        let flying = inflight.load(ordering: .acquiring)
        if flying == 0 || flying == 1 {
            let length = loadCommitted(flying)
            let done = inflightWritten.load(ordering: .acquiring)
            if length > done {
                FileDescriptorIO.writeAll(fd, storage + flying * halfCapacity + done, length - done)
            }
        }
        let current = active.load(ordering: .acquiring)
        guard current != flying else { return }
        let length = loadCommitted(current)
        if length > 0 {
            FileDescriptorIO.writeAll(fd, storage + current * halfCapacity, length)
        }
    }

    /// Writes the final line for `signal` with the current time. Async-signal-safe.
    func writeFinalLineFromSignalHandler(_ signal: FatalSignal, now: Timestamp, utcOffset: Int) {
        guard armed.load(ordering: .acquiring) == 1 else { return }
        let index = signal.index
        let length = templateLengths[index]
        guard length > 0 else { return }
        scratch.update(from: templates + index * Self.templateCapacity, count: length)
        var cursor = RawByteCursor(base: scratch + timeOffset, capacity: length - timeOffset)
        switch timeStyle {
        case .clock:
            let local = ((now.seconds + utcOffset) % 86_400 + 86_400) % 86_400
            ISO8601.appendDigits(local / 3600, width: 2, into: &cursor)
            cursor.append(UInt8(ascii: ":"))
            ISO8601.appendDigits(local / 60 % 60, width: 2, into: &cursor)
            cursor.append(UInt8(ascii: ":"))
            ISO8601.appendDigits(local % 60, width: 2, into: &cursor)
        case .iso8601:
            ISO8601.append(now, into: &cursor)
        }
        FileDescriptorIO.writeAll(fd, scratch, length)
    }
}
