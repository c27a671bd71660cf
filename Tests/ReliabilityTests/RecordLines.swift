/// A plain (uncoloured) text record line, `HH:mm:ss  LEVEL [tag] message`, taken apart.
struct PlainRecordLine: Equatable {
    let level: String
    let tag: String
    let message: Substring

    /// Parses `line`; nil unless it has a clock time, a level right-aligned to 7 and a `[tag]`.
    init?(_ line: Substring) {
        let bytes = Array(line.utf8.prefix(9))
        guard bytes.count == 9 else { return nil }
        for index in [0, 1, 3, 4, 6, 7] where !(0x30...0x39).contains(bytes[index]) { return nil }
        guard bytes[2] == UInt8(ascii: ":"), bytes[5] == UInt8(ascii: ":"), bytes[8] == UInt8(ascii: " ") else {
            return nil
        }
        let afterTime = line.dropFirst(9)
        let level = afterTime.drop { $0 == " " }.prefix { $0 != " " }
        let padding = afterTime.prefix { $0 == " " }.count
        guard ["TRACE", "DEBUG", "INFO", "SUCCESS", "WARNING", "ERROR", "CRITICAL"].contains(level),
            padding + level.count == max(7, level.count)
        else { return nil }
        let rest = afterTime.dropFirst(padding + level.count)
        guard rest.hasPrefix(" ["), let close = rest.firstIndex(of: "]") else { return nil }
        let afterTag = rest[rest.index(after: close)...]
        guard afterTag.hasPrefix(" ") else { return nil }
        self.level = String(level)
        self.tag = String(rest[rest.index(rest.startIndex, offsetBy: 2)..<close])
        self.message = afterTag.dropFirst()
    }
}

/// Checks a file written by many writers at once (threads or processes): every line must be exactly
/// `HH:mm:ss    INFO [<prefix><n>] <word> <n> line <i>[ x…]` and every (writer, index) must appear once.
/// Works on raw bytes so that checking millions of lines stays fast in a debug build.
struct StressFileChecker {
    let writers: Int
    let linesPerWriter: Int
    let tagPrefix: String
    let word: String

    struct Report {
        var lines = 0
        var malformed: [String] = []
        var malformedCount = 0
        var duplicates = 0
        var missing = 0
        /// Whether each writer's lines appear in the order it logged them.
        var ordered = true
    }

    func check(_ bytes: [UInt8]) -> Report {
        var seen = [UInt8](repeating: 0, count: writers * linesPerWriter)
        var last = [Int](repeating: -1, count: writers)
        var report = Report()
        let head = Array("    INFO [\(tagPrefix)".utf8)
        let middle = Array("] \(word) ".utf8)
        let lineWord = Array(" line ".utf8)
        bytes.withUnsafeBufferPointer { buffer in
            var start = 0
            while start < buffer.count {
                var end = start
                while end < buffer.count, buffer[end] != 0x0A { end += 1 }
                report.lines += 1
                let line = UnsafeBufferPointer(rebasing: buffer[start..<end])
                if let (writer, index) = Self.parse(line, head: head, middle: middle, lineWord: lineWord),
                    writer < writers, index < linesPerWriter
                {
                    let slot = writer * linesPerWriter + index
                    if seen[slot] != 0 { report.duplicates += 1 }
                    seen[slot] = 1
                    if index <= last[writer] { report.ordered = false }
                    last[writer] = index
                } else {
                    report.malformedCount += 1
                    if report.malformed.count < 3 { report.malformed.append(String(decoding: line, as: UTF8.self)) }
                }
                start = end + 1
            }
        }
        report.missing = seen.reduce(0) { $0 + (1 - Int($1)) }
        return report
    }

    private static func parse(
        _ line: UnsafeBufferPointer<UInt8>,
        head: [UInt8],
        middle: [UInt8],
        lineWord: [UInt8]
    ) -> (Int, Int)? {
        func digit(_ at: Int) -> Bool { at < line.count && line[at] >= 0x30 && line[at] <= 0x39 }
        guard line.count > 8, digit(0), digit(1), line[2] == 0x3A, digit(3), digit(4), line[5] == 0x3A, digit(6),
            digit(7)
        else { return nil }
        var cursor = 8
        func expect(_ text: [UInt8]) -> Bool {
            guard cursor + text.count <= line.count else { return false }
            for byte in text {
                if line[cursor] != byte { return false }
                cursor += 1
            }
            return true
        }
        func number() -> Int? {
            let begin = cursor
            var value = 0
            while digit(cursor) {
                value = value * 10 + Int(line[cursor] - 0x30)
                cursor += 1
            }
            return cursor > begin ? value : nil
        }
        guard expect(head), let tagWriter = number(), expect(middle), let writer = number(), writer == tagWriter,
            expect(lineWord), let index = number()
        else { return nil }
        if cursor == line.count { return (writer, index) }
        guard line[cursor] == 0x20 else { return nil }
        cursor += 1
        while cursor < line.count {
            if line[cursor] != UInt8(ascii: "x") { return nil }
            cursor += 1
        }
        return (writer, index)
    }
}
