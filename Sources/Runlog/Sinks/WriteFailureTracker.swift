import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Keeps a sink's file whole through failed writes (disk full, quota exceeded, I/O error) and says so once.
///
/// A write that fails part-way (the kernel wrote what fitted, then `ENOSPC`) leaves half a line in the file.
/// Appending the next record after it would glue two records into one malformed line, so the unwritten rest
/// of that line is kept and written first when writing works again. Everything else that cannot be written
/// is counted, reported once per outage on standard error, and, when writing works again, a notice record
/// saying how many lines are missing is written into the file where they are missing, followed by one more
/// line on standard error. While no write has failed the cost is one relaxed atomic load per write.
final class WriteFailureTracker: Sendable {
    /// The descriptor written to.
    private let fd: Int32
    /// Shown in the reports on standard error (neutralised: a path may contain escape sequences).
    private let name: String
    /// Renders the notice record written into the file when writing works again: (lost lines, reason).
    private let notice: (@Sendable (Int, String) -> [UInt8])?
    /// Lines that could not be written, over the writer's life.
    let failedWrites = Atomic<Int>(0)
    /// Whether an outage is going on; writes then take the locked path below.
    private let failing = Atomic<Bool>(false)
    private let state = Mutex(State())

    private struct State {
        /// The unwritten rest of a line that was written only in part.
        var tail: [UInt8] = []
        /// Lines lost in the current outage.
        var lost = 0
        /// What the first failed write of the outage said.
        var reason = ""
    }

    /// Creates the tracker for `fd`.
    ///
    /// - Parameters:
    ///   - fd: The descriptor.
    ///   - name: The file's name for reports.
    ///   - notice: Renders the record written into the file after an outage, or nil for none.
    init(fd: Int32, name: String, notice: (@Sendable (Int, String) -> [UInt8])? = nil) {
        self.fd = fd
        self.name = TerminalText.neutralize(name, allowSGR: false)
        self.notice = notice
    }

    /// Whether the last write failed (checked by writers that have their own fast path).
    var isFailing: Bool { failing.load(ordering: .relaxed) }

    /// Writes `count` bytes of whole lines at `base`, handling failures as described above.
    func write(_ base: UnsafeRawPointer, _ count: Int) {
        guard count > 0 else { return }
        if !isFailing {
            let result = FileDescriptorIO.writeCounting(fd, base, count)
            if result.error != 0 { recordFailure(base, count, written: result.written, error: result.error) }
            return
        }
        writeDuringOutage(base, count)
    }

    /// Records a write of `count` bytes at `base` that failed with `error` after `written` bytes.
    ///
    /// Out of line, like ``writeDuringOutage(_:_:)``: inlined into the log path, their string constants
    /// were loaded on every log call.
    @inline(never)
    func recordFailure(_ base: UnsafeRawPointer, _ count: Int, written: Int, error: Int32) {
        state.withLock { state in
            failedLocked(&state, base.assumingMemoryBound(to: UInt8.self), count, written: written, error: error)
        }
    }

    /// The slow path while failing: the torn line's rest, then the notice, then the bytes; a success ends the
    /// outage.
    @inline(never)
    func writeDuringOutage(_ base: UnsafeRawPointer, _ count: Int) {
        let bytes = base.assumingMemoryBound(to: UInt8.self)
        state.withLock { state in
            if !state.tail.isEmpty {
                let tail = state.tail
                state.tail = []
                let done = tail.withUnsafeBufferPointer { attempt(&state, $0.baseAddress!, $0.count, .tail) }
                guard done else {
                    loseLines(&state, newlines(in: bytes, from: 0, to: count))
                    return
                }
            }
            if let notice, state.lost > 0 {
                let line = notice(state.lost, state.reason)
                let done = line.withUnsafeBufferPointer { attempt(&state, $0.baseAddress!, $0.count, .notice) }
                guard done else {
                    loseLines(&state, newlines(in: bytes, from: 0, to: count))
                    return
                }
            }
            guard attempt(&state, bytes, count, .lines) else { return }
            if isFailing {
                failing.store(false, ordering: .relaxed)
                report("runlog: writing to \(name) again; \(state.lost) lines could not be written to it")
                state.lost = 0
            }
        }
    }

    /// What a write during an outage carries.
    private enum Payload {
        /// The rest of a line already begun in the file: kept whole until it is written.
        case tail
        /// The missing-lines notice: kept if begun, never counted as lost.
        case notice
        /// Log lines.
        case lines
    }

    /// Writes all bytes; on failure keeps what must be kept, counts the lost lines and returns false.
    private func attempt(_ state: inout State, _ base: UnsafePointer<UInt8>, _ count: Int, _ payload: Payload) -> Bool {
        let result = FileDescriptorIO.writeCounting(fd, base, count)
        guard result.error != 0 else { return true }
        switch payload {
        case .tail:
            state.tail = Array(UnsafeBufferPointer(start: base + result.written, count: count - result.written))
        case .notice:
            keepTornLine(&state, base, count, written: result.written)
        case .lines:
            failedLocked(&state, base, count, written: result.written, error: result.error)
        }
        return false
    }

    /// Keeps the unwritten rest of the line that a write ending after `written` bytes tore; returns where it
    /// ends.
    @discardableResult
    private func keepTornLine(_ state: inout State, _ base: UnsafePointer<UInt8>, _ count: Int, written: Int) -> Int {
        var keepEnd = written
        if written > 0, base[written - 1] != UInt8(ascii: "\n") {
            while keepEnd < count, base[keepEnd] != UInt8(ascii: "\n") { keepEnd += 1 }
            keepEnd = min(count, keepEnd + 1)
            state.tail.append(contentsOf: UnsafeBufferPointer(start: base + written, count: keepEnd - written))
        }
        return keepEnd
    }

    private func failedLocked(
        _ state: inout State,
        _ base: UnsafePointer<UInt8>,
        _ count: Int,
        written: Int,
        error: Int32
    ) {
        let keepEnd = keepTornLine(&state, base, count, written: written)
        loseLines(&state, newlines(in: base, from: keepEnd, to: count))
        if !isFailing {
            failing.store(true, ordering: .relaxed)
            state.reason = FileDescriptorIO.describe(errno: error)
            report(
                "runlog: cannot write to \(name): \(state.reason); log lines for it are being lost until writing "
                    + "works again (free disk space, or check the file system and permissions)"
            )
        }
    }

    private func loseLines(_ state: inout State, _ lines: Int) {
        state.lost += lines
        failedWrites.add(lines, ordering: .relaxed)
    }

    private func newlines(in base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int {
        var lines = 0
        var index = start
        while index < end {
            if base[index] == UInt8(ascii: "\n") { lines += 1 }
            index += 1
        }
        return lines
    }

    /// Writes `text` and a newline to standard error, unless standard error is the failing descriptor.
    private func report(_ text: String) {
        guard fd != 2 else { return }
        FileDescriptorIO.writeAll(2, Array((text + "\n").utf8))
    }
}

extension RecordEncoder {
    /// Renders the record a sink writes where lines are missing after an outage, in the sink's own format.
    func lostLinesNotice() -> @Sendable (Int, String) -> [UInt8] {
        { lost, reason in
            var bytes: [UInt8] = []
            let record = LogRecord(
                level: .warning,
                message: "\(lost) log lines are missing here: writing them failed (\(reason))",
                tag: "runlog",
                file: "Runlog/WriteFailureTracker.swift",
                function: "lostLinesNotice",
                line: 0
            )
            encode(record, into: &bytes)
            return bytes
        }
    }
}
