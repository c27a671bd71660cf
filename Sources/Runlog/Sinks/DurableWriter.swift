import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes each record with exactly one `write(2)` before returning (durable mode).
///
/// No lock is held across the system call: `O_APPEND` makes each `write(2)` land whole at the end of the
/// file, and a thread's records are written in the order it logs them. Records are encoded on the stack, so
/// a log call allocates nothing and takes no lock.
final class DurableWriter: LineWriter, Sendable {
    /// The descriptor records are written to.
    let fd: Int32
    /// Whether this writer closes `fd` when it goes away (files yes, stdout no).
    private let ownsDescriptor: Bool
    /// Held around `write(2)` when `fd` is not a regular file: pipes keep only writes up to PIPE_BUF whole and
    /// terminals none, so threads of this process take turns there. Regular files need no lock.
    private let serializer = PlainMutex()
    /// Whether `fd` needs `serializer`.
    private let needsSerializing: Bool
    /// Handles failed writes: keeps torn lines whole, reports each outage once, notes lost lines in the file.
    private let failures: WriteFailureTracker
    /// Holds no buffer: the flight recorder only writes the final line through it.
    let slot: RecorderSlot
    /// The slot's index in the flight recorder's table, -1 until armed.
    private let recorderIndex = Atomic<Int>(-1)

    init(fd: Int32, ownsDescriptor: Bool, name: String, notice: (@Sendable (Int, String) -> [UInt8])? = nil) {
        self.fd = fd
        self.ownsDescriptor = ownsDescriptor
        self.failures = WriteFailureTracker(fd: fd, name: name, notice: notice)
        self.slot = RecorderSlot(fd: fd, halfCapacity: 0)
        var info = stat()
        let isRegularFile = fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
        self.needsSerializing = !isRegularFile
    }

    deinit {
        let index = recorderIndex.load(ordering: .acquiring)
        if index >= 0 { FlightRecorder.unregister(index) }
        if ownsDescriptor { close(fd) }
    }

    func armFlightRecorder(encoder: RecordEncoder, tag: String?, rank: RankContext) {
        slot.arm(encoder: encoder, tag: tag, rank: rank)
        if recorderIndex.load(ordering: .acquiring) < 0, let index = FlightRecorder.register(slot) {
            recorderIndex.store(index, ordering: .releasing)
        }
        FlightRecorder.installFatalSignalHandlers()
    }

    /// Writes the usual record with one `write(2)`: encoded straight into a stack buffer when its message is
    /// printable ASCII (``TextLineEncoder/encodePrintableLine(seconds:prefix:message:to:capacity:)``); any
    /// other line goes to ``write(_:)`` out of line.
    @inline(__always)
    func writeText(_ line: TextLine) {
        let done = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.stackCapacity) { stack -> Bool in
            let length = line.encoder.encodePrintableLine(
                seconds: line.seconds,
                prefix: line.prefix,
                message: line.message,
                to: stack.baseAddress!,
                capacity: stack.count
            )
            guard length >= 0 else { return false }
            send(stack.baseAddress!, length)
            return true
        }
        if !done { writeTextInFull(line.encoder, line.seconds, line.level, line.prefix, line.message) }
    }

    /// Encodes `line` into a stack buffer (a heap array if it does not fit) and writes it with one `write(2)`.
    @inline(__always)
    func write<Line: EncodableLine>(_ line: Line) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.stackCapacity) { stack in
            var cursor = BoundedCursor(base: stack.baseAddress!, capacity: stack.count)
            line.encode(into: &cursor)
            if !cursor.overflowed {
                send(cursor.base, cursor.count)
                return
            }
            writeLarge(line)
        }
    }

    /// Records longer than this are encoded on the heap.
    private static let stackCapacity = 1024

    @inline(never)
    private func writeLarge<Line: EncodableLine>(_ line: Line) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(2 * Self.stackCapacity)
        line.encode(into: &bytes)
        bytes.withUnsafeBufferPointer { send($0.baseAddress!, $0.count) }
    }

    @inline(__always)
    private func send(_ base: UnsafePointer<UInt8>, _ count: Int) {
        if needsSerializing {
            serializer.withLock { failures.write(base, count) }
        } else {
            failures.write(base, count)
        }
    }

    func flush() {
        // Every record already reached the kernel inside write(_:).
    }

    /// Log lines that could not be written.
    var failedWrites: Int { failures.failedWrites.load(ordering: .relaxed) }
}
