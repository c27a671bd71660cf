import Runlog

/// The tee's line assembly as it was before it worked on bytes: String lines, every line through
/// `TerminalText.neutralize(bytes:allowSGR:)`. The byte path must print exactly what this prints.
struct ReferenceLineAssembler {
    let prefix: String
    private var pending: [UInt8] = []

    init(prefix: String) {
        self.prefix = prefix
    }

    mutating func append(_ chunk: [UInt8], emit: (String) -> Void) {
        var lineStart = 0
        for index in 0..<chunk.count where chunk[index] == 0x0A {
            pending.append(contentsOf: chunk[lineStart..<index])
            emit(render(pending))
            pending.removeAll()
            lineStart = index + 1
        }
        if lineStart < chunk.count {
            pending.append(contentsOf: chunk[lineStart...])
            if let lastReturn = pending.lastIndex(of: 0x0D), lastReturn + 1 < pending.count {
                pending.removeSubrange(0...lastReturn)
            }
        }
    }

    mutating func flush(emit: (String) -> Void) {
        guard !pending.isEmpty else { return }
        let text = render(pending)
        pending.removeAll()
        if !text.isEmpty || !prefix.isEmpty {
            emit(text)
        }
    }

    private func render(_ line: [UInt8]) -> String {
        var end = line.count
        if end > 0 && line[end - 1] == 0x0D {
            end -= 1
        }
        var start = 0
        if let lastReturn = line[0..<end].lastIndex(of: 0x0D) {
            start = lastReturn + 1
        }
        return prefix + TerminalText.neutralize(bytes: line[start..<end], allowSGR: true)
    }
}
