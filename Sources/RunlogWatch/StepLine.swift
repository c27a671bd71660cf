/// Reads progress from an orchestrator's step line: `Step 12 | Time: 0.15s | Reward: 0.1927 | ...`.
///
/// ```swift
/// if let step = StepLine(ANSIText.plain(line)) { console.update(step: step.step, reward: step.reward) }
/// ```
public struct StepLine: Sendable, Equatable {
    /// The step number.
    public var step: Int
    /// The step's reward, when the line has one.
    public var reward: Double?

    /// Parses a step line, or returns nil for any other line.
    ///
    /// - Parameter text: A log line without escape sequences (a record prefix such as
    ///   `21:07:04 SUCCESS ` is allowed before `Step`).
    public init?(_ text: String) {
        self.init(parsing: text)
    }

    /// Creates a step line from its parts.
    ///
    /// - Parameters:
    ///   - step: The step number.
    ///   - reward: The reward, or nil.
    public init(step: Int, reward: Double?) {
        self.step = step
        self.reward = reward
    }

    private init?(parsing text: String) {
        let message = LogLineParser.parse(text).message
        guard message.hasPrefix("Step ") else { return nil }
        let fields = message.split(separator: "|").map { $0.trimmingCharacters(in: " ") }
        guard let number = fields.first.flatMap({ Int($0.dropFirst("Step ".count)) }) else { return nil }
        step = number
        reward = fields.dropFirst().first { $0.hasPrefix("Reward:") }.flatMap {
            Double($0.dropFirst("Reward:".count).trimmingCharacters(in: " "))
        }
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        String(drop { $0 == set }.reversed().drop { $0 == set }.reversed())
    }
}
