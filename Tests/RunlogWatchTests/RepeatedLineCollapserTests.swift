import Testing

@testable import RunlogWatch

@Suite struct RepeatedLineCollapserTests {
    @Test func sameLineFromSeveralRanksWithinTheWindowIsPrintedOnceWithItsCount() {
        var collapser = RepeatedLineCollapser<String>(window: 0.5)
        var out: [RepeatedLineCollapser<String>.Output] = []
        for rank in 0..<7 {
            let line = "12:00:0\(rank)    INFO [trainer] rank \(rank) loaded shard 0x7f3\(rank) in 1.\(rank)s"
            out += collapser.submit(
                "[default\(rank)]:" + line,
                source: "\(rank)",
                line: line,
                at: 10 + Double(rank) * 0.01
            )
        }
        #expect(out.isEmpty)
        out += collapser.flush(at: 10.6)
        #expect(out.count == 1)
        #expect(out[0].payload.hasPrefix("[default0]:12:00:00"))
        #expect(out[0].sources == ["0", "1", "2", "3", "4", "5", "6"])
        #expect(out[0].suffix(noun: "ranks") == " [repeated 7x across ranks]")
    }

    @Test func linesFromOneSourceAreNeverMerged() {
        var collapser = RepeatedLineCollapser<String>(window: 0.5)
        var out = collapser.submit("a", source: "0", line: "step 1", at: 0)
        out += collapser.submit("b", source: "0", line: "step 2", at: 0.1)
        out += collapser.submit("c", source: "0", line: "step 3", at: 0.2)
        out += collapser.drain()
        #expect(out.map(\.payload) == ["a", "b", "c"])
        #expect(out.allSatisfy { $0.count == 1 && $0.suffix() == "" })
    }

    @Test func eachRepeatFromASourceJoinsTheOldestGroupThatSourceIsNotInYet() {
        var collapser = RepeatedLineCollapser<String>(window: 1)
        var out: [RepeatedLineCollapser<String>.Output] = []
        for (index, source) in ["0", "0", "1", "1"].enumerated() {
            out += collapser.submit(
                "\(source)#\(index)",
                source: source,
                line: "saving checkpoint",
                at: Double(index) * 0.1
            )
        }
        out += collapser.drain()
        #expect(out.map(\.payload) == ["0#0", "0#1"])
        #expect(out.map(\.count) == [2, 2])
    }

    @Test func differentLinesComeOutInArrivalOrderAfterTheWindow() {
        var collapser = RepeatedLineCollapser<String>(window: 0.3)
        var out = collapser.submit("first", source: "0", line: "alpha", at: 0)
        out += collapser.submit("second", source: "1", line: "beta", at: 0.1)
        out += collapser.submit("first-again", source: "1", line: "alpha", at: 0.2)
        #expect(collapser.nextDeadline == 0.3)
        out += collapser.flush(at: 0.35)
        #expect(out.map(\.payload) == ["first"])
        #expect(out[0].count == 2)
        out += collapser.flush(at: 0.4)
        #expect(out.map(\.payload) == ["first", "second"])
        #expect(collapser.isEmpty)
    }

    @Test func theSameLineAfterTheWindowEndedIsPrintedAgain() {
        var collapser = RepeatedLineCollapser<String>(window: 0.2)
        var out = collapser.submit("a", source: "0", line: "loss 0.5", at: 0)
        out += collapser.submit("b", source: "1", line: "loss 0.7", at: 1.0)
        out += collapser.drain()
        #expect(out.map(\.payload) == ["a", "b"])
        #expect(out.map(\.count) == [1, 1])
    }

    @Test func aDisabledCollapserPassesEveryLineThroughAtOnce() {
        var collapser = RepeatedLineCollapser<String>(window: 0.5, enabled: false)
        let first = collapser.submit("a", source: "0", line: "same", at: 0)
        let second = collapser.submit("b", source: "1", line: "same", at: 0.01)
        #expect(first.map(\.payload) == ["a"])
        #expect(second.map(\.payload) == ["b"])
        #expect(collapser.isEmpty)
    }

    @Test func theEnvironmentVariableTurnsCollapsingOff() {
        #expect(RepeatedLineCollapser<String>.isDisabled(by: ["RUNLOG_NO_DEDUP": "1"]))
        #expect(RepeatedLineCollapser<String>.isDisabled(by: ["RUNLOG_NO_DEDUP": "true"]))
        #expect(!RepeatedLineCollapser<String>.isDisabled(by: ["RUNLOG_NO_DEDUP": "0"]))
        #expect(!RepeatedLineCollapser<String>.isDisabled(by: [:]))
    }

    @Test func maskingHidesNumbersAndHexIDsButKeepsWords() {
        #expect(LineMask.mask("12:00:01 rank 3 shard 0x7f3a took 1.25s") == "#:#:# rank # shard <id> took #.#s")
        #expect(
            LineMask.mask("request 3fa9c2e1-77ab-4c2d-9e1f-0a1b2c3d4e5f done")
                == LineMask.mask("request 0b1c2d3e-1111-4222-8333-444455556666 done")
        )
        #expect(LineMask.mask("[rank0] ready") == LineMask.mask("[rank12] ready"))
        #expect(LineMask.mask("decade") == "decade")
        #expect(LineMask.mask("loaded model") != LineMask.mask("loaded tokenizer"))
    }

    @Test func colourCodesDoNotKeepEqualLinesApart() {
        var collapser = RepeatedLineCollapser<String>(window: 0.5)
        var out = collapser.submit("a", source: "0", line: "\u{1B}[32mready\u{1B}[0m", at: 0)
        out += collapser.submit("b", source: "1", line: "ready", at: 0.1)
        out += collapser.drain()
        #expect(out.count == 1)
        #expect(out[0].count == 2)
    }

    @Test func printFirstAtOnceOutputsTheFirstCopyImmediatelyAndTheCountWhenTheWindowEnds() {
        var collapser = RepeatedLineCollapser<String>(window: 0.5, style: .printFirstAtOnce)
        var out: [RepeatedLineCollapser<String>.Output] = []
        out += collapser.submit("[default0]:rank 0 ready", source: "0", line: "rank 0 ready", at: 10)
        #expect(out.map(\.payload) == ["[default0]:rank 0 ready"])
        #expect(out[0].suffix() == "")
        out += collapser.submit("[default1]:rank 1 ready", source: "1", line: "rank 1 ready", at: 10.1)
        out += collapser.submit("[default2]:rank 2 ready", source: "2", line: "rank 2 ready", at: 10.2)
        #expect(out.count == 1)  // repeats are counted, not printed
        out += collapser.flush(at: 10.6)
        #expect(out.count == 2)
        #expect(out[1].payload == "[default0]:rank 0 ready")
        #expect(out[1].suffix(noun: "ranks") == " [repeated 3x across ranks]")
        #expect(collapser.isEmpty)
    }

    @Test func printFirstAtOnceGivesNoSummaryForALineNobodyRepeated() {
        var collapser = RepeatedLineCollapser<String>(window: 0.2, style: .printFirstAtOnce)
        var out = collapser.submit("a", source: "0", line: "alpha", at: 0)
        out += collapser.submit("b", source: "0", line: "alpha", at: 0.1)  // one source: never merged
        out += collapser.drain()
        #expect(out.map(\.payload) == ["a", "b"])
        #expect(out.allSatisfy { $0.count == 1 })
    }

    @Test func printFirstAtOnceCountsEachRepeatInTheOldestGroupItsSourceIsNotIn() {
        var collapser = RepeatedLineCollapser<String>(window: 1, style: .printFirstAtOnce)
        var out: [RepeatedLineCollapser<String>.Output] = []
        for (index, source) in ["0", "0", "1", "1", "1"].enumerated() {
            out += collapser.submit("\(source)#\(index)", source: source, line: "saving", at: Double(index) * 0.1)
        }
        #expect(out.map(\.payload) == ["0#0", "0#1", "1#4"])
        out += collapser.drain()
        #expect(out.map(\.payload) == ["0#0", "0#1", "1#4", "0#0", "0#1"])
        #expect(out.map(\.count) == [1, 1, 1, 2, 2])
    }

    @Test func maskingWorksOnBytesAndSkipsColourCodes() {
        func key(_ text: String) -> String {
            var key: [UInt8] = []
            Array(text.utf8).withUnsafeBytes { LineMask.appendMask(ofNeutralized: $0, into: &key) }
            return String(decoding: key, as: UTF8.self)
        }
        #expect(key("\u{1B}[1;32mstep 12\u{1B}[0m | loss=0.5") == LineMask.mask("step 7 | loss=1.25"))
        #expect(key("ab\u{1B}[0mcd 1") == "abcd #")  // a colour code inside a word does not split it
        #expect(LineMask.mask("früh 12 ✓ 0xBEEF") == "früh # ✓ <id>")
        #expect(LineMask.mask("a1b2c3d4e5 deadbeef cafe42") == "<id> deadbeef <id>")
        #expect(LineMask.mask("") == "")
    }
}
