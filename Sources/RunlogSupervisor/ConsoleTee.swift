import Glibc

/// When and how the supervisor reads its children's tee'd output: the batching that keeps a rank printing
/// flat out from costing the launcher a wake-up, reads and a console write for every line. Confined to
/// the supervisor's thread.
///
/// A followed file has a one-shot inotify watch (see ``OutputReader/arm(inotifyFD:)``). When it fires,
/// the file is read at once unless it was read less than ``interval`` ago, in which case it is read when
/// that interval ends; so each file is read at most once per interval, however fast its child writes,
/// and a line that comes after a quiet spell is printed at once. While each read brings a busy amount
/// (``busyReadBytes``), the file is read again every interval without a watch, so the child's writes
/// cost it no inotify events either; a quieter read arms the watch again and reads once more, so a write
/// between that read and the arming is not missed.
///
/// While a child writes flat out, its file's interval doubles with each busy read, up to
/// ``longestInterval``: fewer wake-ups and larger batches for the same lines, the cost the launcher's
/// profile showed most. At 16 ms, with a 1 MiB read, two ranks printing flat out cost the launcher
/// 67 ms of CPU for 1M lines against 80 ms at 4 ms and 256 KiB (12 alternating runs; with the console
/// file's blocks allocated ahead of the now larger writes, 63 ms). A child that prints less than
/// ``busyReadBytes`` between reads, a person's pace, never lengthens its interval. A read that fills the whole buffer (the tee is behind) or a quiet one starts again
/// from ``interval``, so a line after a quiet spell, or a line every few milliseconds, is still read at once.
/// A busy file may be read up to ``busySlack`` after its interval ends, so a line of a flat-out child
/// reaches the console within ``longestInterval`` plus that.
final class ConsoleTee {
    /// A read of at least this many bytes means the child is writing flat out.
    static let busyReadBytes = 4096
    /// The longest a busy file's interval grows to: a line of a child printing flat out waits at most
    /// this long (still a sixth of torchrun's 100 ms poll), in exchange for the launcher's CPU.
    static let longestInterval = Duration.milliseconds(16)

    let interval: Duration
    private let inotifyFD: Int32
    /// The read buffer every output reader uses in turn (and the inotify drain).
    let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: OutputReader.readSize, alignment: 16)
    /// When pipes were last read: they are level-triggered, so their interval is waited out by sleeping.
    private var lastPipeRead: ContinuousClock.Instant?

    init(inotifyFD: Int32, interval: Duration) {
        self.inotifyFD = inotifyFD
        self.interval = interval
    }

    deinit {
        scratch.deallocate()
    }

    /// How late a busy file (one on a lengthened interval) may be read.
    ///
    /// Why: the supervisor's poll(2) counts whole milliseconds, so waking exactly when a file is due takes
    /// a wake-up from poll and a second one from a sleep for the rest; and two ranks printing flat out
    /// would each wake the supervisor on their own schedule. Letting a busy file wait up to a millisecond
    /// past its interval removes the second wake-up, and reading every file that is due by then brings the
    /// ranks' schedules together, so one wake-up serves them all. A quiet file, whose next line should
    /// show at once, keeps its exact time.
    static let busySlack = Duration.milliseconds(1)

    /// When the next followed file without a watch is due to be read, or nil when every file has one.
    ///
    /// - Parameter lenient: Give a busy file its ``busySlack``: the latest the supervisor may wake up for
    ///   it, rather than the earliest it may be read.
    func nextDue(_ readers: [OutputReader], lenient: Bool = false) -> ContinuousClock.Instant? {
        var earliest: ContinuousClock.Instant?
        for reader in readers where reader.isOpen && reader.watch < 0 {
            guard case .file = reader.source else { continue }
            var due = reader.lastRead.map { $0.advanced(by: interval(of: reader)) } ?? .now
            if lenient && reader.pollInterval != nil {
                due = due.advanced(by: Self.busySlack)
            }
            earliest = min(earliest ?? due, due)
        }
        return earliest
    }

    /// Reads the followed files that have news.
    ///
    /// - Parameters:
    ///   - readers: Every reader of every child.
    ///   - eventsReady: Whether inotify reported events.
    ///   - sweep: Read every followed file (the safety timer, in case a file system misses events).
    ///   - deliver: Receives the lines.
    func readFollowedFiles(
        _ readers: [OutputReader],
        eventsReady: Bool,
        sweep: Bool,
        deliver: (ConsoleLines) -> Void
    ) {
        let fired = eventsReady ? drainInotify() : (watches: [], all: false)
        for reader in readers where reader.isOpen && (fired.all || fired.watches.contains(reader.watch)) {
            reader.disarm()
        }
        var now = ContinuousClock.now
        if !sweep, let due = nextDue(readers), due > now {
            // poll(2) counts whole milliseconds, so it may wake us up to one early: sleep the rest.
            guard now.duration(to: due) < .milliseconds(1) else { return }
            Self.sleep(until: due)
            now = due
        }
        for reader in readers where reader.isOpen {
            guard case .file = reader.source, reader.watch < 0 || sweep else { continue }
            if !sweep, let last = reader.lastRead, last.advanced(by: interval(of: reader)) > now { continue }
            reader.lastRead = now
            let polled = reader.watch < 0
            let bytes = reader.readAvailable(using: scratch, deliver: deliver).bytes
            if bytes >= Self.busyReadBytes && bytes < OutputReader.readSize {
                reader.pollInterval = min(interval(of: reader) * 2, max(Self.longestInterval, interval))
            } else {
                reader.pollInterval = nil
            }
            if bytes < Self.busyReadBytes && polled {
                reader.arm(inotifyFD: inotifyFD)
                reader.readAvailable(using: scratch, deliver: deliver)
            }
        }
    }

    /// How long after its last read a followed file is read again.
    private func interval(of reader: OutputReader) -> Duration {
        reader.pollInterval ?? interval
    }

    /// Reads the pipes that poll(2) reported, at most once per interval.
    func readPipes(_ ready: [OutputReader], deliver: (ConsoleLines) -> Void) {
        let now = ContinuousClock.now
        if let last = lastPipeRead, last.advanced(by: interval) > now {
            Self.sleep(until: last.advanced(by: interval))
            lastPipeRead = last.advanced(by: interval)
        } else {
            lastPipeRead = now
        }
        for reader in ready where !reader.readAvailable(using: scratch, deliver: deliver).isOpen {
            reader.finish(using: scratch, deliver: deliver)
        }
    }

    /// Reads the queued inotify events and returns the watches that fired (`all` after a queue overflow).
    private func drainInotify() -> (watches: [Int32], all: Bool) {
        var watches: [Int32] = []
        var all = false
        let headerSize = MemoryLayout<inotify_event>.size
        while true {
            let count = read(inotifyFD, scratch.baseAddress, scratch.count)
            guard count > 0, let base = scratch.baseAddress else { break }
            var offset = 0
            while offset + headerSize <= count {
                let watch = base.loadUnaligned(fromByteOffset: offset, as: Int32.self)
                let nameLength = base.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self)
                if watch < 0 {
                    all = true  // IN_Q_OVERFLOW: events were dropped
                } else if !watches.contains(watch) {
                    watches.append(watch)
                }
                offset += headerSize + Int(nameLength)
            }
        }
        return (watches, all)
    }

    private static func sleep(until due: ContinuousClock.Instant) {
        let now = ContinuousClock.now
        guard due > now else { return }
        let (seconds, attoseconds) = now.duration(to: due).components
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
        var remaining = timespec()
        while nanosleep(&request, &remaining) < 0 && errno == EINTR {
            request = remaining
        }
    }
}
