import Testing

@testable import RunlogWatch

@Suite struct LogSourceTests {
    @Test func filesOfTheSpecLogTreeGetShortSourceNames() {
        let names = [
            "rl.log", "inference.stdout", "orchestrator.log", "orchestrator.stdout", "trainer/rank_3.log",
            "env_workers/reverse_text.log", "env_workers/reverse_text/worker_2.log", "trainer.stdout",
        ].map { LogSource(relativePath: $0)?.name }
        #expect(
            names == [
                "rl", "inference", "orchestrator", "orchestrator", "trainer/3", "env/reverse_text",
                "env/reverse_text/2", "trainer",
            ]
        )
    }

    @Test func consoleCopiesAndLogFilesOfOneComponentArePaired() throws {
        let console = try #require(LogSource(relativePath: "trainer.stdout"))
        let rank = try #require(LogSource(relativePath: "trainer/rank_0.log"))
        #expect(console.kind == .console)
        #expect(rank.kind == .log)
        #expect(console.component == rank.component)
    }

    @Test func filesThatAreNotLogsAreIgnored() {
        #expect(LogSource(relativePath: "error.json") == nil)
        #expect(LogSource(relativePath: ".hidden") == nil)
        #expect(LogSource(relativePath: "README") == nil)
        #expect(LogSource(relativePath: "orchestrator.jsonl")?.kind == .jsonLines)
    }

    @Test func sourceColoursAreStableAndPrefixesAligned() {
        #expect(SourcePalette.colour(for: "trainer/0") == SourcePalette.colour(for: "trainer/0"))
        #expect(Set(["rl", "inference", "orchestrator", "trainer/0", "trainer/1"].map(SourcePalette.colour)).count > 2)
        #expect(SourcePalette.prefix(for: "rl", width: 9, colour: false) == "rl        | ")
        #expect(SourcePalette.prefix(for: "rl", width: 2, colour: true).hasPrefix("\u{1B}["))
    }

    @Test func reorderBufferReleasesByTimestampOnceTheWindowPassed() {
        var buffer = ReorderBuffer<String>()
        buffer.insert("later", time: 5, releaseAt: 1.0)
        buffer.insert("earlier", time: 4, releaseAt: 1.05)
        buffer.insert("same-second-second", time: 5, releaseAt: 1.06)
        #expect(buffer.release(at: 0.9).isEmpty)
        #expect(buffer.release(at: 1.0).isEmpty)
        #expect(buffer.release(at: 1.05) == ["earlier", "later"])
        #expect(buffer.release(at: .infinity) == ["same-second-second"])
        #expect(buffer.count == 0)
    }

    @Test func teePrefixesAreRemovedBeforePairingConsoleLines() {
        #expect(ConsoleEchoFilter.removingTeePrefix("[default0]:12:00:00 INFO [t] x") == "12:00:00 INFO [t] x")
        #expect(ConsoleEchoFilter.removingTeePrefix("[rank3]: hello") == "hello")
        #expect(ConsoleEchoFilter.removingTeePrefix("[tag] not a tee") == "[tag] not a tee")
    }
}
