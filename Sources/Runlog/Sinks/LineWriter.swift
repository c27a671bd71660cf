/// A writer of encoded lines (``BufferedWriter``, ``DurableWriter``): what their quick paths share.
protocol LineWriter: AnyObject {
    /// Encodes `line` and writes it, however it looks and however long it is.
    func write<Line: EncodableLine>(_ line: Line)
}

extension LineWriter {
    /// The writers' `writeText(_:)` for a line their quick path leaves: one that needs neutralising or
    /// may not fit. Out of line and given the line's parts one by one, so the usual path neither builds the
    /// line in memory nor carries this code.
    @inline(never)
    func writeTextInFull(
        _ encoder: TextLineEncoder,
        _ seconds: Int,
        _ level: LogLevel,
        _ prefix: UnsafeBufferPointer<UInt8>,
        _ message: UnsafeBufferPointer<UInt8>
    ) {
        write(TextLine(encoder: encoder, seconds: seconds, level: level, prefix: prefix, message: message))
    }
}
