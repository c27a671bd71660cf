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

    @Test func teedLinesRepeatedAcrossRanksAreWrittenOnceWhenTheWindowEnds() throws {
        let captured = Captured()
        let console = RepeatedLineConsole<Int>(window: 0.15) { _, line in captured.lines.withLock { $0.append(line) } }
        for rank in 0..<4 { console.submit(1, "[default\(rank)]:loading shard \(rank * 3) of 12") }
        console.submit(1, "[default2]:rank two only")
        #expect(captured.snapshot.isEmpty)
        let start = Date()
        while captured.snapshot.count < 2 && Date().timeIntervalSince(start) < 3 { usleep(10_000) }
        #expect(
            captured.snapshot == [
                "[default0]:loading shard 0 of 12 [repeated 4x across ranks]", "[default2]:rank two only",
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

    @Test func flushWritesHeldLinesAtOnceAndTheOffSwitchWritesDirectly() {
        let captured = Captured()
        let console = RepeatedLineConsole<Int>(window: 10) { _, line in captured.lines.withLock { $0.append(line) } }
        console.submit(1, "[default0]:saved")
        console.submit(1, "[default1]:saved")
        console.flush()
        #expect(captured.snapshot == ["[default0]:saved [repeated 2x across ranks]"])
        let direct = Captured()
        let off = RepeatedLineConsole<Int>(window: 10, enabled: false) { _, line in
            direct.lines.withLock { $0.append(line) }
        }
        off.submit(1, "[default0]:saved")
        off.submit(1, "[default1]:saved")
        #expect(direct.snapshot == ["[default0]:saved", "[default1]:saved"])
    }
}
