import Logging

/// Add two digits from 0 to 4: prompt `"2+3"`, answer `"5"`, one token over the digits `0...9`.
///
/// The reward is 1 for the exact sum and 0 otherwise (chance: 1/10).
public struct AddDigits: Environment {
    /// `"add_digits"`.
    public static let id = "add_digits"
    /// 25 prompts, answers are single digits.
    public static let space: TaskSpace = {
        let operands = 0...4
        let prompts = operands.flatMap { a in operands.map { b in "\(a)+\(b)" } }
        return TaskSpace(prompts: prompts, vocabulary: Array("0123456789"), completionLength: 1)
    }()

    private let logger: Logger

    /// Creates the environment; it logs to swift-log under `verifiers.add_digits`.
    public init() {
        logger = Logger(label: "verifiers.\(Self.id)")
        logger.info("Loaded environment \(Self.id) with \(Self.space.prompts.count) prompts")
    }

    /// 1 when `completion` is the sum of the prompt's two digits, else 0.
    /// - Parameters:
    ///   - prompt: two digits joined by `+`.
    ///   - completion: the model's answer.
    public func reward(prompt: String, completion: String) -> Double {
        let operands = prompt.split(separator: "+").compactMap { Int($0) }
        guard operands.count == 2 else {
            logger.error("Malformed prompt \(String(reflecting: prompt))")
            return 0
        }
        let reward: Double = completion == String(operands[0] + operands[1]) ? 1 : 0
        logger.debug("Scored \(prompt) -> \(completion): \(reward)")
        return reward
    }
}
