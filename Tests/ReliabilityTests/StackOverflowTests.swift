import Foundation
import RunlogTestSupport
import Testing

/// Stack overflows on threads other than the main thread, and the alternate signal stacks that make them
/// recordable: a thread's stack is exhausted when it overflows, so the kernel can only run the flight
/// recorder's SIGSEGV handler on an alternate stack, and those are per thread. Every thread that logs through a
/// buffered sink gets one; it is freed when the thread exits.
@Suite(.serialized) struct StackOverflowTests {
    static let workerLines = 2000

    @Test func stackOverflowOnAWorkerThreadLeavesItsLinesAndTheSIGSEGVLine() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let path = directory.file("overflow.log")
        // A half-hour zone (POSIX spelling, no tz database needed): the handler's own clock must apply it.
        let result = try runProbe(["overflow-thread", path, "\(Self.workerLines)"], environment: ["TZ": "XST-5:30"])
        #expect(result.signaled && result.status == SIGSEGV, "status \(result.status) \(result.standardError)")
        let lines = readLines(path)
        #expect(lines.count == Self.workerLines + 1)
        let records = lines.compactMap { PlainRecordLine($0) }
        #expect(records.count == lines.count, "every line is a well-formed record")
        let workerMessages = records.filter { $0.level == "INFO" }.map { String($0.message) }
        #expect(workerMessages == (0..<Self.workerLines).map { "worker line \($0)" })
        let last = try #require(records.last)
        #expect(last.level == "CRITICAL" && last.tag == "overflow")
        #expect(
            last.message == "fatal signal SIGSEGV (invalid memory access): the process is terminating",
            "\(last.message)"
        )
        // The handler fills in the time itself (UTC plus the cached offset): it must agree with the lines
        // the logger formatted a moment earlier in local time.
        let lastWorkerLine = try #require(lines.dropLast().last)
        let gap = abs(secondOfDay(lines.last ?? "") - secondOfDay(lastWorkerLine))
        #expect(min(gap, 86_400 - gap) <= 5, "\(lastWorkerLine.prefix(8)) then \(lines.last?.prefix(8) ?? "")")
    }

    /// Seconds since midnight of a line's leading `HH:mm:ss`.
    private func secondOfDay(_ line: Substring) -> Int {
        let parts = line.prefix(8).split(separator: ":").compactMap { Int($0) }
        guard parts.count == 3 else { return -1_000_000 }
        return parts[0] * 3600 + parts[1] * 60 + parts[2]
    }

    /// 200 short-lived threads each log once (so each gets an alternate stack) and exit: the mappings of the
    /// process must not grow with them, because a pthread key destructor unmaps each stack at thread exit
    /// (leaked, each would stay as two mappings: the stack and its guard page).
    @Test func shortLivedLoggingThreadsDoNotLeakTheirAlternateStacks() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let path = directory.file("churn.log")
        let threads = 200
        let result = try runProbe(["thread-churn", path, "\(threads)"])
        #expect(!result.signaled && result.status == 0, "status \(result.status) \(result.standardError)")
        let output = result.outputText.split(separator: "\n").map { $0.split(separator: " ") }
        let altStacks = output.first { $0.first == "alt-stacks" }.flatMap { Int($0[1]) }
        #expect(altStacks == threads, "every logging thread had an alternate signal stack: \(result.outputText)")
        let maps = try #require(output.first { $0.first == "maps" && $0.count == 3 }, "\(result.outputText)")
        let before = try #require(Int(maps[1]))
        let after = try #require(Int(maps[2]))
        #expect(after - before < threads / 4, "mappings grew from \(before) to \(after) over \(threads) threads")
        #expect(readLines(path).count == threads + 20)
    }
}
