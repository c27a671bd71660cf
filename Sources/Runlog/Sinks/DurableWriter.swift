import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes each record with exactly one `write(2)` before returning (durable mode).
///
/// No lock is held across the system call: `O_APPEND` makes each `write(2)` land whole at the end of the
/// file, and a thread's records are written in the order it logs them. Encoding buffers are reused from a
/// small pool, so a log call allocates nothing once the pool is warm.
final class DurableWriter: RecordWriter {
    /// The descriptor records are written to.
    let fd: Int32
    /// Whether this writer closes `fd` when it goes away (files yes, stdout no).
    private let ownsDescriptor: Bool
    /// Reusable encoding buffers (taken for the duration of one record).
    private let pool = PlainLock<[[UInt8]]>([])
    /// Held around `write(2)` when `fd` is not a regular file: pipes keep only writes up to PIPE_BUF whole and
    /// terminals none, so threads of this process take turns there. Regular files need no lock.
    private let serializer = PlainLock<Void>(())
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

    func write(_ encode: (inout [UInt8]) -> Void) {
        var buffer = pool.withLock { $0.popLast() } ?? []
        buffer.removeAll(keepingCapacity: true)
        if buffer.capacity < 512 { buffer.reserveCapacity(512) }
        encode(&buffer)
        buffer.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            if needsSerializing {
                serializer.withLock { _ in failures.write(base, raw.count) }
            } else {
                failures.write(base, raw.count)
            }
        }
        if buffer.capacity <= 64 * 1024 {
            pool.withLock { if $0.count < 32 { $0.append(buffer) } }
        }
    }

    func flush() {
        // Every record already reached the kernel inside write(_:).
    }

    /// Log lines that could not be written.
    var failedWrites: Int { failures.failedWrites.load(ordering: .relaxed) }
}
