import Runlog

/// Turns a byte stream into whole console lines: splits on `\n`, keeps a partial line until its end
/// arrives (or the stream ends), collapses `\r` progress redraws to the last one, and neutralises
/// escape sequences and invalid UTF-8 so a child cannot take over the terminal.
struct LineAssembler {
    /// A partial line longer than this is printed as a line of its own, so memory stays bounded.
    static let maximumLineBytes = 16 << 20

    let prefix: String
    private var pending: [UInt8] = []

    init(prefix: String) {
        self.prefix = prefix
    }

    /// Appends `chunk` and emits every line it completes.
    mutating func append(_ chunk: UnsafeRawBufferPointer, emit: (String) -> Void) {
        var lineStart = 0
        for index in 0..<chunk.count where chunk[index] == 0x0A {
            let piece = UnsafeRawBufferPointer(rebasing: chunk[lineStart..<index])
            if pending.isEmpty {
                emit(render(piece))
            } else {
                pending.append(contentsOf: piece)
                emit(pending.withUnsafeBytes { render($0) })
                pending.removeAll(keepingCapacity: pending.count < 65536)
            }
            lineStart = index + 1
        }
        if lineStart < chunk.count {
            pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[lineStart...]))
            collapseProgress()
            if pending.count > LineAssembler.maximumLineBytes {
                flush(emit: emit)
            }
        }
    }

    /// Emits the partial line, if any (the stream ended without a final newline).
    mutating func flush(emit: (String) -> Void) {
        guard !pending.isEmpty else { return }
        let text = pending.withUnsafeBytes { render($0) }
        pending.removeAll()
        if !text.isEmpty || !prefix.isEmpty {
            emit(text)
        }
    }

    /// A partial line redrawn with `\r` (a progress bar) only needs its last redraw.
    private mutating func collapseProgress() {
        guard let lastReturn = pending.lastIndex(of: 0x0D), lastReturn + 1 < pending.count else { return }
        pending.removeSubrange(0...lastReturn)
    }

    private func render(_ line: UnsafeRawBufferPointer) -> String {
        var end = line.count
        if end > 0 && line[end - 1] == 0x0D {
            end -= 1  // CRLF line ending
        }
        var start = 0
        if let lastReturn = line[0..<end].lastIndex(of: 0x0D) {
            start = lastReturn + 1  // only the final redraw of a progress line
        }
        let text = TerminalText.neutralize(bytes: UnsafeRawBufferPointer(rebasing: line[start..<end]), allowSGR: true)
        return prefix + text
    }
}
