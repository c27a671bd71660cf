import Foundation
import RunlogWatch

/// What a finished run achieved, read from the orchestrator's log: the last step and its reward.
struct RunReport: Sendable, Equatable {
    /// The last step the orchestrator logged.
    var steps: Int
    /// The mean reward of that step.
    var finalReward: Double

    /// How much of the end of the log is read: many step lines, and constant cost however long the run.
    private static let tailBytes = 64 * 1024

    /// Reads the last `Step N | ... | Reward: R` line of a log file, or nil when there is none.
    /// - Parameter path: the orchestrator's log file.
    static func read(orchestratorLog path: String) -> RunReport? {
        guard let file = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? file.close() }
        let size = (try? file.seekToEnd()) ?? 0
        try? file.seek(toOffset: size > UInt64(tailBytes) ? size - UInt64(tailBytes) : 0)
        guard let data = try? file.readToEnd() else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        for line in text.split(separator: "\n").reversed() {
            if let report = parse(String(line)) { return report }
        }
        return nil
    }

    /// Parses one log line; colour codes are ignored.
    /// - Parameter line: a log line such as `... Step 12 | Time: 0.41s | Reward: 0.8125 | ...`.
    static func parse(_ line: String) -> RunReport? {
        guard let step = StepLine(ANSIText.plain(line)), let reward = step.reward else { return nil }
        return RunReport(steps: step.step, finalReward: reward)
    }
}
