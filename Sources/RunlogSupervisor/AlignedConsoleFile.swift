import CRunlogTee
import Glibc

/// One console stream of the supervisor (standard output or standard error) that keeps a busy tee's
/// writes on 64 KiB boundaries of the file it goes to.
///
/// Why: when the console is a regular file (a job's output redirected, as clusters do), the kernel can
/// put a write that starts and ends on such boundaries into large page-cache folios, and falls back to
/// single pages for one that does not. For a rank printing flat out the console copy was the launcher's
/// largest cost, and the same 68 MB written in the tee's batch sizes took 21 ms of kernel time aligned
/// against 28 ms unaligned (Linux 6.18, ext4). So a large batch the supervisor's loop read is written up
/// to the last boundary it reaches, and the rest (less than 64 KiB) is held and written first with the
/// next batch, which a busy tee reads within its batch interval; the loop calls
/// ``ConsoleWriter/flushHeld()`` before it waits longer than that, reports an event, or finishes. Small
/// batches, batches from anyone else (``ConsoleLines/mayHoldTail``), terminals and pipes are written
/// whole at once, as before.
///
/// A large aligned write (``allocationBytes`` or more) first allocates exactly the blocks it is about to
/// fill (`fallocate` keeping the size, `runlog_allocate_for_write`). Why: ext4's delayed allocation
/// reserves and tracks every 4 KiB block of a plain write one at a time, and with the blocks allocated in
/// one extent the same write skips that. A busy tee's 68 MB took 12-13 ms of CPU in 1 MiB writes so
/// prepared, against 17 ms in plain 1 MiB writes and 22 ms in 64 KiB ones (C, this machine). Only the range
/// the write covers is allocated, right before it, so no block stays allocated past the file's end once the
/// write is done (preallocating further ahead did, and ext4 will not punch holes past the end). A file
/// system that cannot allocate this way is not asked again.
struct AlignedConsoleFile {
    /// The boundary the writes of a busy tee end on.
    static let alignment = 1 << 16
    /// A batch at least this large comes from a child printing flat out, whose next batch follows soon.
    static let busyBatchBytes = 1 << 14
    /// An aligned write at least this large allocates its blocks first; in smaller ones the extra call
    /// cost what it saved (64 KiB writes took 23 ms with it against 22 ms without).
    static let allocationBytes = 1 << 18

    let fd: Int32
    /// Whether `fd` is a regular file, learned at the first large batch.
    private var isRegularFile: Bool?
    /// Whether the file system allocated blocks ahead of a write when asked; false after it refused once.
    private var allocatesAhead = true
    /// Bytes of earlier batches not yet written, less than ``alignment``.
    private var held: [UInt8] = []

    init(fd: Int32) {
        self.fd = fd
    }

    /// Writes `bytes` (whole lines), or all but an unaligned tail of them when the batch is large.
    ///
    /// - Parameters:
    ///   - bytes: Console bytes, written after anything held.
    ///   - mayHoldTail: Whether the caller writes what is held later (``ConsoleWriter/flushHeld()``).
    mutating func write(_ bytes: UnsafeRawBufferPointer, mayHoldTail: Bool) {
        guard mayHoldTail, bytes.count >= Self.busyBatchBytes, holdsTails() else {
            flush()
            ConsoleWriter.writeAll(fd, bytes)
            return
        }
        let offset = lseek(fd, 0, SEEK_CUR)
        guard offset >= 0 else {
            flush()
            ConsoleWriter.writeAll(fd, bytes)
            return
        }
        let end = Int(offset) + held.count + bytes.count
        let now = (end & ~(Self.alignment - 1)) - Int(offset)  // how many of held + bytes to write now
        guard now > held.count else {
            // Nothing reaches a boundary beyond what is held: hold it all (less than one boundary).
            held.append(contentsOf: bytes)
            return
        }
        let fromBytes = now - held.count
        if now >= Self.allocationBytes && allocatesAhead {
            allocatesAhead = runlog_allocate_for_write(fd, Int64(offset), Int64(now)) == 0
        }
        writeAll(held, UnsafeRawBufferPointer(rebasing: bytes[0..<fromBytes]))
        held.removeAll(keepingCapacity: true)
        held.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[fromBytes...]))
    }

    /// Writes what is held.
    mutating func flush() {
        guard !held.isEmpty else { return }
        ConsoleWriter.writeAll(fd, held)
        held.removeAll(keepingCapacity: true)
    }

    /// Whether this stream's tails are worth holding: only a regular file gains from aligned writes.
    private mutating func holdsTails() -> Bool {
        if let isRegularFile { return isRegularFile }
        var info = stat()
        let regular = fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
        isRegularFile = regular
        return regular
    }

    /// Writes `first` then `second`: one `writev(2)`, and plain writes for whatever it leaves.
    private func writeAll(_ first: [UInt8], _ second: UnsafeRawBufferPointer) {
        let written = first.withUnsafeBytes { head in
            var vectors = [
                iovec(iov_base: UnsafeMutableRawPointer(mutating: head.baseAddress), iov_len: head.count),
                iovec(iov_base: UnsafeMutableRawPointer(mutating: second.baseAddress), iov_len: second.count),
            ]
            return writev(fd, &vectors, 2)
        }
        let done = max(written, 0)
        if done < first.count {
            first.withUnsafeBytes { ConsoleWriter.writeAll(fd, UnsafeRawBufferPointer(rebasing: $0[done...])) }
            ConsoleWriter.writeAll(fd, second)
        } else {
            ConsoleWriter.writeAll(fd, UnsafeRawBufferPointer(rebasing: second[(done - first.count)...]))
        }
    }
}
