/// A writer reference without reference counting, for the log path (its owner keeps it alive).
struct UnmanagedWriter {
    private let durable: Unmanaged<DurableWriter>?
    private let buffered: Unmanaged<BufferedWriter>?

    init(_ writer: SinkWriter) {
        switch writer {
        case .durable(let writer):
            durable = .passUnretained(writer)
            buffered = nil
        case .buffered(let writer):
            durable = nil
            buffered = .passUnretained(writer)
        }
    }

    /// Writes the usual record (the quick path for a printable message, see ``BufferedWriter/writeText(_:)``).
    @inline(__always)
    func writeText(_ line: TextLine) {
        if let buffered {
            buffered._withUnsafeGuaranteedRef { $0.writeText(line) }
        } else if let durable {
            durable._withUnsafeGuaranteedRef { $0.writeText(line) }
        }
    }

    /// Encodes `line` and writes it.
    @inline(__always)
    func write<Line: EncodableLine>(_ line: Line) {
        if let buffered {
            buffered._withUnsafeGuaranteedRef { $0.write(line) }
        } else if let durable {
            durable._withUnsafeGuaranteedRef { $0.write(line) }
        }
    }
}
