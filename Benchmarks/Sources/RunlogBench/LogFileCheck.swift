import BenchSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a benchmark log back and checks every line byte for byte: `HH:mm:ss    INFO [pK] ` (tag optional)
/// then exactly the workload message of the step it names. Counts lines, torn or malformed lines,
/// duplicates and missing steps.
struct LogFileCheck {
    /// Lines in the file.
    var lines = 0
    /// Lines that are not a complete, well-formed record (a torn or interleaved write shows up here).
    var malformed = 0
    /// Steps seen twice for the same writer.
    var duplicates = 0
    /// Steps never seen.
    var missing = 0
    /// How often consecutive lines came from different writers (shows the writers really interleaved).
    var switches = 0

    /// Checks `path`, written by `writers` writers (tags `p0`..., or no tag when `tagged` is false) that
    /// together logged steps `0..<steps` each (`perWriter`), or steps `0..<steps` once in total.
    /// With `printfExact`, a message is well formed only when its decimals are exactly printf's (`%.4f`); otherwise
    /// the workload's quick rounding is accepted too.
    init(path: String, writers: Int, tagged: Bool, stepsPerWriter: Int, printfExact: Bool = false) {
        guard let file = fopen(path, "r") else { BenchIO.fail("cannot read \(path)") }
        defer { fclose(file) }
        var seen = [[Bool]](repeating: [Bool](repeating: false, count: stepsPerWriter), count: writers)
        var lineBuffer: UnsafeMutablePointer<CChar>? = nil
        var capacity = 0
        var lastWriter = -1
        while true {
            let length = getline(&lineBuffer, &capacity, file)
            if length < 0 { break }
            lines += 1
            guard let bytes = lineBuffer else { break }
            let line = UnsafeBufferPointer(
                start: UnsafeRawPointer(bytes).assumingMemoryBound(to: UInt8.self),
                count: length
            )
            guard let (writer, step) = Self.parse(line, tagged: tagged, printfExact: printfExact), writer < writers,
                step < stepsPerWriter
            else {
                malformed += 1
                continue
            }
            if seen[writer][step] { duplicates += 1 }
            seen[writer][step] = true
            if lastWriter >= 0, writer != lastWriter { switches += 1 }
            lastWriter = writer
        }
        free(lineBuffer)
        missing = seen.reduce(0) { total, steps in total + steps.lazy.filter { !$0 }.count }
    }

    /// The writer and step of a well-formed line, or nil.
    private static func parse(_ line: UnsafeBufferPointer<UInt8>, tagged: Bool, printfExact: Bool) -> (Int, Int)? {
        // HH:mm:ss
        guard line.count > 9 else { return nil }
        for (offset, byte) in line[0..<8].enumerated() {
            let isColon = offset == 2 || offset == 5
            if isColon ? byte != UInt8(ascii: ":") : !(48...57).contains(byte) { return nil }
        }
        var cursor = 8
        func expect(_ text: String) -> Bool {
            for byte in text.utf8 {
                guard cursor < line.count, line[cursor] == byte else { return false }
                cursor += 1
            }
            return true
        }
        func number() -> Int? {
            var value = 0
            let start = cursor
            while cursor < line.count, (48...57).contains(line[cursor]) {
                value = value * 10 + Int(line[cursor] - 48)
                cursor += 1
            }
            return cursor > start ? value : nil
        }
        guard expect("    INFO ") else { return nil }
        var writer = 0
        if tagged {
            guard expect("[p"), let value = number(), expect("] ") else { return nil }
            writer = value
        }
        let messageStart = cursor
        guard expect("step "), let step = number() else { return nil }
        // The rest must be exactly the workload message of that step, then the newline. Runlog rounds the
        // decimals exactly as printf does (like spdlog and Python); the workload's quick formatter rounds the
        // scaled product, which differs on about 0.7% of lines, so those are compared with printf's text.
        let rest = UnsafeBufferPointer(rebasing: line[messageStart...])
        if printfExact {
            return matches(rest, printfMessage(step) + [10]) ? (writer, step) : nil
        }
        if matches(rest, Array(Workload.message(step).utf8) + [10]) || matches(rest, printfMessage(step) + [10]) {
            return (writer, step)
        }
        return nil
    }

    private static func matches(_ bytes: UnsafeBufferPointer<UInt8>, _ expected: [UInt8]) -> Bool {
        bytes.count == expected.count && bytes.elementsEqual(expected)
    }

    /// The workload message of `step` as C's printf formats it (`%.4f`, rounded exactly).
    private static func printfMessage(_ step: Int) -> [UInt8] {
        var text = [CChar](repeating: 0, count: 128)
        let length = withVaList([step, Workload.loss(step), Workload.reward(step)]) { arguments in
            vsnprintf(&text, text.count, "step %ld | loss=%.4f reward=%.4f", arguments)
        }
        return text.prefix(Int(length)).map { UInt8(bitPattern: $0) }
    }
}
