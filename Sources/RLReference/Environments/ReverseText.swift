import Logging

/// Reverse a three-letter string over the alphabet `abc`: prompt `"abc"`, answer `"cba"`.
///
/// The reward is the fraction of positions that match the reversed prompt (chance: 1/3), so partial
/// answers give the policy a gradient.
public struct ReverseText: Environment {
    /// `"reverse_text"`.
    public static let id = "reverse_text"
    /// 27 prompts, alphabet `abc`, three tokens per completion.
    public static let space = TaskSpace(
        prompts: TaskSpace.allStrings(over: ["a", "b", "c"], length: 3),
        vocabulary: ["a", "b", "c"],
        completionLength: 3
    )

    private let logger: Logger

    /// Creates the environment; it logs to swift-log under `verifiers.reverse_text`.
    public init() {
        logger = Logger(label: "verifiers.\(Self.id)")
        logger.info("Loaded environment \(Self.id) with \(Self.space.prompts.count) prompts")
    }

    /// The fraction of positions where `completion` matches the reversed `prompt`; 0 for a wrong length.
    /// - Parameters:
    ///   - prompt: the string to reverse.
    ///   - completion: the model's answer.
    public func reward(prompt: String, completion: String) -> Double {
        let expected = Array(prompt.reversed())
        let actual = Array(completion)
        guard actual.count == expected.count, !expected.isEmpty else {
            logger.warning("Completion \(String(reflecting: completion)) has the wrong length for \(prompt)")
            return 0
        }
        let matches = zip(expected, actual).filter { $0 == $1 }.count
        let reward = Double(matches) / Double(expected.count)
        logger.debug("Scored \(prompt) -> \(completion): \(reward)")
        return reward
    }
}
