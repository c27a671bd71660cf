import Foundation
import Testing

/// The fuzz corpus replays without a crash in a normal build (each input must end in a value or a one-line
/// RunlogConfigError; the fuzz target checks that).
@Suite(.serialized) struct ConfigFuzzCorpusTests {
    @Test func fuzzCorpusReplaysCleanly() throws {
        let bin = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/runlog-config-fuzz/corpus")
        let process = Process()
        process.executableURL = bin.appendingPathComponent("runlog-config-fuzz")
        process.arguments = [corpus.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 0, "\(text)")
        let count = try #require(text.firstMatch(of: /replayed (\d+) inputs/).flatMap { Int($0.1) })
        #expect(count >= 9)
    }
}
