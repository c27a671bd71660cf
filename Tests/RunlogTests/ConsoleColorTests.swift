import Runlog
import RunlogTestSupport
import Testing

@Suite struct ConsoleColorRuleTests {
    @Test func consoleIsColouredOnATerminal() {
        #expect(ConsoleSink.decideColor(.automatic, noColor: nil, forceColor: nil, isTerminal: true))
        #expect(!ConsoleSink.decideColor(.automatic, noColor: nil, forceColor: nil, isTerminal: false))
    }

    @Test func forceColorColoursAPipe() {
        #expect(ConsoleSink.decideColor(.automatic, noColor: nil, forceColor: "1", isTerminal: false))
        #expect(!ConsoleSink.decideColor(.automatic, noColor: nil, forceColor: "0", isTerminal: false))
        #expect(!ConsoleSink.decideColor(.automatic, noColor: nil, forceColor: "", isTerminal: false))
    }

    @Test func noColorAlwaysWins() {
        #expect(!ConsoleSink.decideColor(.automatic, noColor: "1", forceColor: "1", isTerminal: true))
        #expect(!ConsoleSink.decideColor(.always, noColor: "1", forceColor: nil, isTerminal: true))
        #expect(ConsoleSink.decideColor(.always, noColor: "", forceColor: nil, isTerminal: false))
    }

    @Test func neverMeansNever() {
        #expect(!ConsoleSink.decideColor(.never, noColor: nil, forceColor: "1", isTerminal: true))
    }
}

/// End to end: a real child process logs to its stdout (a pipe) under different environments.
@Suite(.serialized) struct ConsoleColorProcessTests {
    @Test func consoleToAPipeIsPlain() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let result = try runProbe(["console", directory.file("c.jsonl")])
        #expect(result.status == 0)
        #expect(result.outputText.hasSuffix("WARNING [console] hello console\n"))
        #expect(!result.outputText.contains("\u{1B}"))
    }

    @Test func forceColorColoursTheConsole() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let result = try runProbe(["console", directory.file("c.jsonl")], environment: ["FORCE_COLOR": "1"])
        #expect(result.outputText.contains("\u{1B}[33m\u{1B}[1mWARNING [console] hello console\u{1B}[0m"))
    }

    @Test func noColorBeatsForceColor() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let result = try runProbe(
            ["console", directory.file("c.jsonl")],
            environment: ["FORCE_COLOR": "1", "NO_COLOR": "1"]
        )
        #expect(result.outputText.hasSuffix("WARNING [console] hello console\n"))
        #expect(!result.outputText.contains("\u{1B}"))
    }
}
