/// Reaped children whose tee'd output is still being read. Their streams are read one buffer per stream
/// per pass of the supervisor's loop, like a running child's, so a child that exits with megabytes of
/// output unread (a flood the tee had not caught up with) never holds up a signal or another exit; its
/// exit is reported once its streams are read to their end. Confined to the supervisor's thread.
struct DrainingChildren {
    private var entries: [(child: ChildProcess, report: ChildReport)] = []

    /// Whether every reaped child's output has been read.
    var isEmpty: Bool { entries.isEmpty }

    /// Adds a child just reaped.
    /// - Parameters:
    ///   - child: The child.
    ///   - report: Its exit report, handed back once its output is read.
    mutating func add(_ child: ChildProcess, _ report: ChildReport) {
        entries.append((child, report))
    }

    /// Reads one more buffer of each stream; finishes (last partial line, close) the children whose
    /// streams all reached their end and returns them, in the order they were reaped. A child is returned
    /// only after every child reaped before it, so exits are reported in the order the children died even
    /// when an earlier one left more output to read (the first failure reported is the run's root cause).
    ///
    /// With `skippingBacklog` (a stop past its grace period: shutdown is bounded), what is still unread of
    /// each followed file is not copied to the console; one line per file says how much and where it is.
    ///
    /// - Parameters:
    ///   - scratch: The supervisor's read buffer.
    ///   - skippingBacklog: Skip the unread rest of the followed files.
    ///   - deliver: Receives the lines.
    /// - Returns: The children whose output is now completely read, with their reports.
    mutating func readNextBuffers(
        using scratch: UnsafeMutableRawBufferPointer,
        skippingBacklog: Bool,
        deliver: (ConsoleLines) -> Void
    ) -> [(child: ChildProcess, report: ChildReport)] {
        var done: [(child: ChildProcess, report: ChildReport)] = []
        var earlierStillRead = false
        entries.removeAll { entry in
            var atEnd = true
            if skippingBacklog {
                for reader in entry.child.readers { Self.skip(reader, using: scratch, deliver: deliver) }
            }
            for reader in entry.child.readers where reader.isOpen {
                let result = reader.readAvailable(using: scratch, deliver: deliver)
                if result.isOpen && result.bytes >= OutputReader.readSize { atEnd = false }
            }
            guard atEnd, !earlierStillRead else {
                earlierStillRead = true
                return false
            }
            for reader in entry.child.readers { reader.finish(using: scratch, deliver: deliver) }
            done.append(entry)
            return true
        }
        return done
    }

    /// Skips a followed file's unread rest, prints the last partial line read, then a line saying what
    /// was skipped and where it is.
    private static func skip(
        _ reader: OutputReader,
        using scratch: UnsafeMutableRawBufferPointer,
        deliver: (ConsoleLines) -> Void
    ) {
        guard case .file(let path) = reader.source else { return }
        let skipped = reader.skipUnread()
        guard skipped > 0 else { return }
        reader.finish(using: scratch, deliver: deliver)
        var note = Array(
            "[\(reader.childName): \(skipped) bytes of output not copied to the console: the run was stopped and "
                .utf8
        )
        note += Array("its grace period is over; they are in \(path)]\n".utf8)
        note.withUnsafeBytes { bytes in
            deliver(ConsoleLines(stream: reader.stream, source: reader.childName, prefixLength: 0, bytes: bytes))
        }
    }
}
