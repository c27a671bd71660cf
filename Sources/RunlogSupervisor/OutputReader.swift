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
    /// The inotify watch descriptor of a followed file.
    var watch: Int32 = -1
    private(set) var isOpen = true
    private var assembler: LineAssembler
    private var buffer = [UInt8](repeating: 0, count: OutputReader.chunkSize)
    private static let chunkSize = 65536

    init(fd: Int32, source: Source, stream: ConsoleStream, prefix: String) {
        self.fd = fd
        self.source = source
        self.stream = stream
        self.assembler = LineAssembler(prefix: prefix)
    }

    /// Reads everything available now and emits the whole lines. Returns false when a pipe hit end of
    /// file (every writer closed it).
    @discardableResult
    func readAvailable(emit: (ConsoleStream, String) -> Void) -> Bool {
        guard isOpen else { return false }
        let stream = self.stream
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count > 0 {
                buffer.withUnsafeBytes { raw in
                    assembler.append(UnsafeRawBufferPointer(rebasing: raw[0..<count])) { emit(stream, $0) }
                }
                continue
            }
            if count < 0 && errno == EINTR { continue }
            if count == 0, case .pipe = source {
                return false
            }
            if count == 0 && rewindIfTruncated() {
                continue
            }
            return true  // EAGAIN on a pipe, or the current end of a followed file
        }
    }

    /// A followed file that shrank below our offset was truncated: read it again from its start, where the
    /// child's `O_APPEND` writes now land.
    private func rewindIfTruncated() -> Bool {
        var info = stat()
        guard fstat(fd, &info) == 0, lseek(fd, 0, SEEK_CUR) > info.st_size else { return false }
        return lseek(fd, 0, SEEK_SET) == 0
    }

    /// Reads what is left, prints the last partial line and closes the descriptor.
    func finish(emit: (ConsoleStream, String) -> Void) {
        guard isOpen else { return }
        readAvailable(emit: emit)
        let stream = self.stream
        assembler.flush { emit(stream, $0) }
        close(fd)
        isOpen = false
    }
}
