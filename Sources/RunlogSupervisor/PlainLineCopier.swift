import CRunlogTee

/// Copies a run of plain lines (printable ASCII and `\n`) from a read to the console buffer, each after
/// the child's prefix, scanning and copying in one pass a block at a time (32 bytes with AVX2, else 16).
///
/// Why one pass and one loop for the whole run: a log line is a few blocks long, so what is spent per
/// line (finding its end, storing the prefix, counting) weighs as much as the blocks themselves. Loading,
/// checking and storing each block at once, with every position in a register, costs less than a scan
/// followed by two calls into `memcpy` per line and a byte loop over the block that holds the line end.
/// A block that holds a line end is stored whole; only the line is counted, and the next store
/// overwrites the rest. Blocks past the end of the read are never loaded.
///
/// The loop itself is C (`runlog_copy_plain_lines`): with the vector byte mask it finds a line's end in the
/// block's compare, and it keeps its positions in registers; the same loop in Swift cost 102 instructions
/// a line against 65 (callgrind, rankrun's tee at 300,000 lines), and AVX2's wider blocks brought the whole
/// launcher from 91 to 64 instructions a line.
struct PlainLineCopier {
    /// Why ``copy(_:from:count:to:capacity:)`` stopped.
    enum Stop {
        /// Every line of the read was copied.
        case end
        /// The byte here is not printable ASCII and ends no line: the line at ``Run/next`` needs the
        /// careful path.
        case special(at: Int)
        /// The read ends inside the plain line at ``Run/next``.
        case unfinished
        /// The destination has no room for the line at ``Run/next``.
        case full
    }

    /// What one ``copy(_:from:count:to:capacity:)`` did.
    struct Run {
        /// Where the first line not copied starts.
        var next: Int
        /// How many bytes were written to the destination.
        var written: Int
        /// How many lines were copied.
        var lines: Int
        var stop: Stop
    }

    /// The prefix, padded with zeros to at least sixteen bytes: the C loop stores a short prefix as one block.
    private let paddedPrefix: [UInt8]
    private let prefixCount: Int

    init(prefix: [UInt8]) {
        prefixCount = prefix.count
        paddedPrefix = prefix + [UInt8](repeating: 0, count: max(0, 16 - prefix.count))
    }

    /// The room in the destination that a line starting at `start` may need: its prefix and, however long
    /// the line, the rest of the read and one block.
    ///
    /// - Parameters:
    ///   - start: Where the line starts in the read.
    ///   - count: The read's size.
    func room(forLineAt start: Int, count: Int) -> Int {
        prefixCount &+ (count &- start) &+ 16
    }

    /// Copies the plain lines from `start` on, each after the prefix, until the read ends, a line needs the
    /// careful path, or `destination` is full.
    ///
    /// - Parameters:
    ///   - base: The read.
    ///   - start: Where a line starts.
    ///   - count: The read's size.
    ///   - destination: Where the lines go.
    ///   - capacity: The bytes of room at `destination`; a line is started only with
    ///     ``room(forLineAt:count:)`` bytes left.
    /// - Returns: How far it got.
    func copy(
        _ base: UnsafeRawPointer,
        from start: Int,
        count: Int,
        to destination: UnsafeMutableRawPointer,
        capacity: Int
    ) -> Run {
        let run = paddedPrefix.withUnsafeBufferPointer { prefix in
            runlog_copy_plain_lines(
                base.assumingMemoryBound(to: UInt8.self),
                start,
                count,
                destination.assumingMemoryBound(to: UInt8.self),
                capacity,
                prefix.baseAddress,
                prefixCount
            )
        }
        let stop: Stop =
            switch run.stop {
            case RUNLOG_PLAIN_SPECIAL: .special(at: run.special_at)
            case RUNLOG_PLAIN_UNFINISHED: .unfinished
            case RUNLOG_PLAIN_FULL: .full
            default: .end
            }
        return Run(next: run.next, written: run.written, lines: run.lines, stop: stop)
    }
}
