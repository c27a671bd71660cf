import Runlog
import Synchronization
import Testing

@testable import RunlogWatch

/// The console `rl` shows progress on: log records, tee'd lines and the status line together.
@Suite struct ProgressConsoleTests {
    private final class Screen: Sendable {
        let writes = Mutex<[(Int32, String)]>([])
        let plain = Mutex<[String]>([])
        var text: String { writes.withLock { $0.map(\.1).joined() } }
    }

    private func console(_ screen: Screen, isTerminal: Bool) -> ProgressConsole {
        ProgressConsole(
            total: 10,
            isTerminal: isTerminal,
            width: 100,
            interval: 60,
            colored: false,
            output: { descriptor, text in screen.writes.withLock { $0.append((descriptor, text)) } },
            plainLine: { text in screen.plain.withLock { $0.append(text) } }
        )
    }

    @Test func onATerminalLogLinesAreWrittenAboveTheStatusLineWhichIsRedrawnBelowThem() {
        let screen = Screen()
        let console = console(screen, isTerminal: true)
        console.write(LogRecord(level: .info, message: "before progress"))
        console.update(step: 3, reward: 0.5)
        console.printLine("[default0]:step 3 done")
        console.write(LogRecord(level: .warning, message: "slow step"))
        console.finish()
        let writes = screen.writes.withLock { $0 }
        #expect(writes[0].1.hasSuffix("   INFO before progress\n"))
        #expect(writes[1].1.hasPrefix("\r\u{1B}[2K["))
        // Each later line: clear the status, the line, the status again, in one write.
        #expect(writes[2].1.hasPrefix("\r\u{1B}[2K[default0]:step 3 done\n\r\u{1B}[2K["))
        #expect(writes[2].1.contains("3/10"))
        #expect(writes[3].1.contains("WARNING slow step\n\r\u{1B}[2K["))
        #expect(writes.last?.1.hasSuffix("\n") == true)
        #expect(screen.plain.withLock { $0.isEmpty })
    }

    @Test func elsewhereRecordsPassAsTheyAreAndProgressComesAsPlainLines() {
        let screen = Screen()
        let console = console(screen, isTerminal: false)
        console.update(step: 1, reward: 0.25)
        console.write(LogRecord(level: .info, message: "a record"))
        console.printLine("[default0]:a tee line", descriptor: 2)
        console.update(step: 2, reward: 0.5)
        console.update(step: 10, reward: 0.9)
        console.finish()
        #expect(!screen.text.contains("\u{1B}"))
        #expect(!screen.text.contains("\r"))
        #expect(screen.writes.withLock { $0.map(\.0) } == [1, 2])
        let plain = screen.plain.withLock { $0 }
        #expect(plain.count == 2)
        #expect(plain.first?.hasPrefix("step 1/10 (10%), reward 0.250") == true)
        #expect(plain.last?.hasPrefix("step 10/10 (100%), reward 0.900") == true)
    }
}
