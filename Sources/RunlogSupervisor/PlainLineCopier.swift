/// Copies a run of plain lines (printable ASCII and `\n`) from a read to the console buffer, each after
/// the child's prefix, scanning and copying in one pass sixteen bytes at a time.
///
/// Why one pass and one loop for the whole run: a log line is a few blocks long, so what is spent per
/// line (finding its end, storing the prefix, counting) weighs as much as the blocks themselves. Loading,
/// checking and storing each block at once, with every position in a register, costs less than a scan
/// followed by two calls into `memcpy` per line and a byte loop over the block that holds the line end.
/// A block that holds a line end is stored whole; only the line is counted, and the next store
/// overwrites the rest. Blocks past the end of the read are never loaded.
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

    private let prefix: [UInt8]
    /// The prefix padded to sixteen bytes, when it fits in them (`[default0]:` does): one store per line.
    private let prefixBlock: SIMD16<UInt8>?

    init(prefix: [UInt8]) {
        self.prefix = prefix
        if prefix.count <= 16 {
            var block = SIMD16<UInt8>(repeating: 0)
            for (lane, byte) in prefix.enumerated() { block[lane] = byte }
            prefixBlock = block
        } else {
            prefixBlock = nil
        }
    }

    /// The room in the destination that a line starting at `start` may need: its prefix and, however long
    /// the line, the rest of the read and one block.
    ///
    /// - Parameters:
    ///   - start: Where the line starts in the read.
    ///   - count: The read's size.
    func room(forLineAt start: Int, count: Int) -> Int {
        prefix.count &+ (count &- start) &+ 16
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
    @inline(__always)
    func copy(
        _ base: UnsafeRawPointer,
        from start: Int,
        count: Int,
        to destination: UnsafeMutableRawPointer,
        capacity: Int
    ) -> Run {
        var lineStart = start
        var written = 0
        var lines = 0
        while lineStart < count {
            guard written &+ room(forLineAt: lineStart, count: count) <= capacity else {
                return Run(next: lineStart, written: written, lines: lines, stop: .full)
            }
            let line = destination + (written &+ prefix.count)  // where the line's text goes
            if let prefixBlock {
                destination.storeBytes(of: prefixBlock, toByteOffset: written, as: SIMD16<UInt8>.self)
            } else {
                prefix.withUnsafeBytes {
                    (destination + written).copyMemory(from: $0.baseAddress!, byteCount: $0.count)
                }
            }
            var index = lineStart
            var end = -1  // the line's `\n`, once found
            while index &+ 16 <= count {
                let block = base.loadUnaligned(fromByteOffset: index, as: SIMD16<UInt8>.self)
                line.storeBytes(of: block, toByteOffset: index &- lineStart, as: SIMD16<UInt8>.self)
                let unprintable = ConsoleSafeBytes.unprintableLanes(block)
                if any(unprintable) {
                    end = index &+ ConsoleSafeBytes.firstLane(unprintable)
                    break
                }
                index &+= 16
            }
            if end < 0 {
                // The last few bytes of the read.
                end = ConsoleSafeBytes.printableASCIIEnd(base, from: index, count: count)
                guard end < count else {
                    return Run(next: lineStart, written: written, lines: lines, stop: .unfinished)
                }
                (line + (index &- lineStart)).copyMemory(from: base + index, byteCount: end &- index &+ 1)
            }
            guard base.load(fromByteOffset: end, as: UInt8.self) == 0x0A else {
                return Run(next: lineStart, written: written, lines: lines, stop: .special(at: end))
            }
            written &+= prefix.count &+ (end &- lineStart) &+ 1
            lines &+= 1
            lineStart = end &+ 1
        }
        return Run(next: lineStart, written: written, lines: lines, stop: .end)
    }
}
