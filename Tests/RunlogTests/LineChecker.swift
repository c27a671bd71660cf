import Foundation

/// Checks a log file written by several writers: every line must be a well-formed plain record
/// `HH:mm:ss    INFO [<tag>] <writer> line <index>[ <padding>]`, and every (writer, index) must appear exactly
/// once. Works on bytes so checking a million lines stays fast in debug builds.
struct LineChecker {
    let writers: Int
    let linesPerWriter: Int
    /// The prefix of the tag, followed by the writer number (`p` for `[p3]`).
    let tagPrefix: String
    /// The word before the writer number in the message (`thread` or `probe`).
    let messageWord: String

    struct Report {
        var lines = 0
        var malformed: [String] = []
        var duplicates = 0
        var missing = 0
    }

    func check(path: String) -> Report {
        let data = (try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data()
        var seen = [[Bool]](repeating: [Bool](repeating: false, count: linesPerWriter), count: writers)
        var report = Report()
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != 0x0A { end += 1 }
                let line = UnsafeBufferPointer(rebasing: bytes[start..<end])
                report.lines += 1
                if let (writer, index) = parse(line), writer < writers, index < linesPerWriter {
                    if seen[writer][index] { report.duplicates += 1 }
                    seen[writer][index] = true
                } else if report.malformed.count < 5 {
                    report.malformed.append(String(decoding: line, as: UTF8.self))
                }
                start = end + 1
            }
        }
        report.missing = seen.reduce(0) { $0 + $1.filter { !$0 }.count }
        return report
    }

    /// Parses one line; nil when it is not exactly the expected shape.
    private func parse(_ line: UnsafeBufferPointer<UInt8>) -> (Int, Int)? {
        var cursor = 0
        func digit(_ at: Int) -> Bool { at < line.count && (0x30...0x39).contains(line[at]) }
        for index in [0, 1, 3, 4, 6, 7] where !digit(index) { return nil }
        guard line.count > 8, line[2] == 0x3A, line[5] == 0x3A else { return nil }
        cursor = 8
        func expect(_ text: String) -> Bool {
            for byte in text.utf8 {
                guard cursor < line.count, line[cursor] == byte else { return false }
                cursor += 1
            }
            return true
        }
        func number() -> Int? {
            var value = 0
            let begin = cursor
            while digit(cursor) {
                value = value * 10 + Int(line[cursor] - 0x30)
                cursor += 1
            }
            return cursor > begin ? value : nil
        }
        guard expect("    INFO [\(tagPrefix)"), let tagWriter = number(), expect("] \(messageWord) "),
            let writer = number(), writer == tagWriter, expect(" line "), let index = number()
        else { return nil }
        if cursor == line.count { return (writer, index) }
        guard expect(" ") else { return nil }
        while cursor < line.count {
            guard line[cursor] == UInt8(ascii: "x") else { return nil }
            cursor += 1
        }
        return (writer, index)
    }
}
