import Glibc

/// Writes text to a file descriptor in whole writes, and says when the reader has gone away.
struct OutputWriter {
    let descriptor: Int32

    /// Writes `text`; false when the descriptor is closed (for example `runlog follow | head` ended).
    func write(_ text: String) -> Bool {
        guard !text.isEmpty else { return true }
        var copy = text
        return copy.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR || errno == EAGAIN { continue }
                    return false
                }
                offset += written
            }
            return true
        }
    }
}
