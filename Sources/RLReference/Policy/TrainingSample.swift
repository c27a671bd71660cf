/// One scored completion in a training batch: what was asked, what the policy answered, how good it
/// was, and its group-normalised advantage.
public struct TrainingSample: Codable, Sendable, Equatable {
    /// The environment id.
    public var task: String
    /// The prompt.
    public var prompt: String
    /// The sampled completion.
    public var completion: String
    /// The environment's reward.
    public var reward: Double
    /// The GRPO advantage (reward normalised within the prompt's group).
    public var advantage: Double

    /// Creates a sample.
    /// - Parameters:
    ///   - task: the environment id.
    ///   - prompt: the prompt.
    ///   - completion: the completion.
    ///   - reward: the reward.
    ///   - advantage: the group-normalised advantage.
    public init(task: String, prompt: String, completion: String, reward: Double, advantage: Double) {
        self.task = task
        self.prompt = prompt
        self.completion = completion
        self.reward = reward
        self.advantage = advantage
    }
}
