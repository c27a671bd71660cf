import Foundation
import Synchronization
import Testing

@testable import RunlogWatch

/// The rank launcher's tee sink: real timers, real threads.
@Suite(.serialized) struct RepeatedLineConsoleTests {
    private final class Captured: Sendable {
        let lines = Mutex<[String]>([])
        var snapshot: [String] { lines.withLock { $0 } }
    }

    @Test func firstCopyIsWrittenAtOnceAndTheCountWhenTheWindowEnds() throws {
        let captured = Captured()
        let console = RepeatedLineConsole<Int>(window: 0.15) { _, line in captured.lines.withLock { $0.append(line) } }
        for rank in 0..<4 { console.submit(1, "[default\(rank)]:loading shard \(rank * 3) of 12") }
        console.submit(1, "[default2]:rank two only")
        // Ray-style: no line waits for the window; the other ranks' copies are only counted.
        #expect(captured.snapshot == ["[default0]:loading shard 0 of 12", "[default2]:rank two only"])
        let start = Date()
        while captured.snapshot.count < 3 && Date().timeIntervalSince(start) < 3 { usleep(10_000) }
        #expect(
            captured.snapshot == [
                "[default0]:loading shard 0 of 12", "[default2]:rank two only",
                "[default0]:loading shard 0 of 12 [repeated 4x across ranks]",
            ]
        )
    }

    @Test func linesOfOneRankAndOfDifferentStreamsAreNeverMerged() {
        let captured = Captured()
        let console = RepeatedLineConsole<Int>(window: 5) { stream, line in
            captured.lines.withLock { $0.append("\(stream) \(line)") }
        }
        console.submit(1, "[default0]:tick")
        console.submit(1, "[default0]:tick")
        console.submit(2, "[default1]:tick")
        console.submit(1, "plain line")
        console.submit(1, "plain line")
        console.flush()
        #expect(captured.snapshot.count == 5)
        #expect(!captured.snapshot.contains { $0.contains("repeated") })
    }

    @Test func flushWritesOpenCountsAtOnceAndTheOffSwitchWritesDirectly() {
        let captured = Captured()
        let console = RepeatedLineConsole<Int>(window: 10) { _, line in captured.lines.withLock { $0.append(line) } }
        console.submit(1, "[default0]:saved")
        console.submit(1, "[default1]:saved")
        #expect(captured.snapshot == ["[default0]:saved"])
        console.flush()
        #expect(captured.snapshot == ["[default0]:saved", "[default0]:saved [repeated 2x across ranks]"])
        let direct = Captured()
        let off = RepeatedLineConsole<Int>(window: 10, enabled: false) { _, line in
            direct.lines.withLock { $0.append(line) }
        }
        off.submit(1, "[default0]:saved")
        off.submit(1, "[default1]:saved")
        #expect(direct.snapshot == ["[default0]:saved", "[default1]:saved"])
    }

    @Test func aLineSaidOnlyOnceGetsNoSummary() {
        let captured = Captured()
        let console = RepeatedLineConsole<Int>(window: 10) { _, line in captured.lines.withLock { $0.append(line) } }
        console.submit(1, "[default0]:only rank zero says this")
        console.flush()
        #expect(captured.snapshot == ["[default0]:only rank zero says this"])
    }

    /// The rank launcher hands whole batches of bytes: one write per batch, first copies only.
    @Test func byteBatchesAreDeduplicatedAcrossRanksAndWrittenOncePerBatch() {
        let writes = Mutex<[[UInt8]]>([])
        let console = RepeatedLineConsole<Int>(window: 10) { _, bytes in writes.withLock { $0.append(Array(bytes)) } }
        let rank0 = Array(
            "[default0]:step 1 | loss=0.50\n[default0]:\u{1B}[32mready\u{1B}[0m\n[default0]:step 2 | loss=0.40\n".utf8
        )
        let rank1 = Array("[default1]:step 1 | loss=0.55\n[default1]:ready\n[default1]:rank one only\n".utf8)
        rank0.withUnsafeBytes { console.submit(1, source: "default0", prefixLength: 11, lines: $0) }
        rank1.withUnsafeBytes { console.submit(1, source: "default1", prefixLength: 11, lines: $0) }
        console.flush()
        let texts = writes.withLock { $0 }.map { String(decoding: $0, as: UTF8.self) }
        #expect(
            texts == [
                String(decoding: rank0, as: UTF8.self),
                "[default1]:rank one only\n",
                "[default0]:step 1 | loss=0.50 [repeated 2x across ranks]\n"
                    + "[default0]:\u{1B}[32mready\u{1B}[0m [repeated 2x across ranks]\n",
            ]
        )
    }
}
