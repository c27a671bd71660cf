import Glibc

/// One tee'd stream of a child: either the read end of a pipe the child writes, or a file the child
/// appends to and the supervisor follows from the offset it had when the child started.
///
/// Why follow files with inotify rather than always pipe through the supervisor: the child writing its
/// own file keeps the file complete if the supervisor dies (a pipe would lose what was in flight and
/// the child would hit EPIPE), and inotify wakes the poll loop on each write, so lines still reach the
/// console within milliseconds instead of torchrun's 100 ms polling.
final class OutputReader {
    enum Source {
        case pipe
        case file(path: String)
    }

    let fd: Int32
    let source: Source
    let stream: ConsoleStream
    /// The child's name, handed on with its lines (``ConsoleLines/source``).
    let childName: String
    /// The inotify watch descriptor of a followed file, or -1 while it is not armed.
    private(set) var watch: Int32 = -1
    /// When the supervisor last read a followed file (see ``ConsoleTee``).
    var lastRead: ContinuousClock.Instant?
    /// The interval of a followed file the child is writing flat out, lengthened by ``ConsoleTee``; nil
    /// for the tee's own.
    var pollInterval: Duration?
    private(set) var isOpen = true
    private var assembler: LineAssembler
    /// The console bytes of the lines of one read, reused from one read to the next.
    private let output = ByteBuffer(capacity: OutputReader.readSize + 4096)
    /// The size of the read buffer the supervisor lends to every reader: large reads, so a busy child's
    /// lines since the last wake-up usually come in one read (a rank printing flat out writes about
    /// 50 KB a millisecond, so ``ConsoleTee/longestInterval`` holds most of a mebibyte). A read that fills
    /// it shortens the interval again.
    static let readSize = 1 << 20

    init(fd: Int32, source: Source, stream: ConsoleStream, prefix: String, childName: String) {
        self.fd = fd
        self.source = source
        self.stream = stream
        self.childName = childName
        self.assembler = LineAssembler(prefix: prefix)
    }

    /// Arms a one-shot inotify watch on the followed file: the next write to it wakes the supervisor,
    /// and the writes after that cost the child nothing until the supervisor arms it again. While a
    /// child keeps writing, the supervisor reads its file on a short timer instead and arms the watch
    /// only once a read finds nothing new.
    ///
    /// Why one-shot: with a standing watch every `write(2)` of the child queues an event (a kernel
    /// allocation on the child's side, a read and a free on ours), which for a rank printing flat out
    /// cost more than the lines themselves. Arming before reading to the end of the file loses nothing:
    /// a write after the read fires the new watch.
    ///
    /// - Parameter inotifyFD: The supervisor's inotify instance.
    func arm(inotifyFD: Int32) {
        guard case .file(let path) = source, isOpen else { return }
        watch = inotify_add_watch(inotifyFD, path, UInt32(IN_MODIFY) | UInt32(IN_ONESHOT))
    }

    /// Notes that the one-shot watch fired (and so is gone).
    func disarm() {
        watch = -1
    }

    /// What one ``readAvailable(using:deliver:)`` found.
    struct ReadResult {
        /// False when a pipe hit end of file (every writer closed it).
        var isOpen: Bool
        /// How many bytes were read.
        var bytes: Int
        /// Whether any bytes were read.
        var gotData: Bool { bytes > 0 }
    }

    /// Reads what is available now, up to one buffer (``readSize`` bytes), and hands the whole lines to
    /// `deliver`. A read shorter than the buffer is the current end (of a regular file, or of what a pipe
    /// holds), so no further read is spent to find it; after a full buffer the rest waits for the
    /// supervisor's next pass, so a flood of output (a backlog of megabytes in a followed file) never keeps
    /// it from a signal or an exit for longer than one buffer takes.
    ///
    /// - Parameters:
    ///   - scratch: The read buffer (the supervisor's, shared by its readers; ``readSize`` bytes).
    ///   - deliver: Receives the lines; called on this thread.
    /// - Returns: Whether the stream is still open and whether anything was read.
    @discardableResult
    func readAvailable(using scratch: UnsafeMutableRawBufferPointer, deliver: (ConsoleLines) -> Void) -> ReadResult {
        guard isOpen else { return ReadResult(isOpen: false, bytes: 0) }
        defer { hand(to: deliver) }
        var total = 0
        while true {
            let count = read(fd, scratch.baseAddress, scratch.count)
            if count > 0 {
                total += count
                assembler.append(UnsafeRawBufferPointer(rebasing: scratch[0..<count]), into: output)
                return ReadResult(isOpen: true, bytes: total)
            }
            if count < 0 && errno == EINTR { continue }
            if count == 0, case .pipe = source {
                return ReadResult(isOpen: false, bytes: total)
            }
            // Nothing new although a write was signalled (or the timer asked): the file may have been truncated.
            if count == 0 && total == 0 && rewindIfTruncated() {
                continue
            }
            return ReadResult(isOpen: true, bytes: total)  // EAGAIN on a pipe, or the end of a followed file
        }
    }

    /// Hands the lines collected so far to `deliver` and empties the buffer.
    private func hand(to deliver: (ConsoleLines) -> Void) {
        guard !output.isEmpty else { return }
        deliver(
            ConsoleLines(
                stream: stream,
                source: childName,
                prefixLength: assembler.prefix.count,
                bytes: output.bytes,
                mayHoldTail: true
            )
        )
        output.removeAll()
    }

    /// A followed file that shrank below our offset was truncated: read it again from its start, where the
    /// child's `O_APPEND` writes now land.
    private func rewindIfTruncated() -> Bool {
        var info = stat()
        guard fstat(fd, &info) == 0, lseek(fd, 0, SEEK_CUR) > info.st_size else { return false }
        return lseek(fd, 0, SEEK_SET) == 0
    }

    /// Reads what is left, prints the last partial line and closes the descriptor.
    ///
    /// - Parameters:
    ///   - scratch: The read buffer, as for ``readAvailable(using:deliver:)``.
    ///   - deliver: Receives the lines.
    func finish(using scratch: UnsafeMutableRawBufferPointer, deliver: (ConsoleLines) -> Void) {
        guard isOpen else { return }
        while readAvailable(using: scratch, deliver: deliver).gotData {}  // to the very end
        assembler.flush(into: output)
        hand(to: deliver)
        discard()
    }

    /// Moves a followed file's read offset to its end without reading: for a stopped group past its grace
    /// period, whose console copy must not keep the launcher from exiting. The file keeps every byte.
    ///
    /// - Returns: How many bytes were skipped (0 for a pipe, which holds little and is read to its end).
    func skipUnread() -> Int {
        guard isOpen, case .file = source else { return 0 }
        var info = stat()
        let offset = lseek(fd, 0, SEEK_CUR)
        guard fstat(fd, &info) == 0, offset >= 0, info.st_size > offset else { return 0 }
        lseek(fd, 0, SEEK_END)
        return Int(info.st_size - offset)
    }

    /// Closes the descriptor without reading (the child never started).
    func discard() {
        guard isOpen else { return }
        close(fd)
        isOpen = false
    }
}
