/// The body of `POST /v1/completions`: sample `n` completions for each prompt of one task.
///
/// ```json
/// {"task": "reverse_text", "prompt": ["abc", "cab"], "n": 8, "temperature": 1.0}
/// ```
public struct CompletionRequest: Codable, Sendable, Equatable {
    /// The environment id whose output head to sample.
    public var task: String
    /// The prompts.
    public var prompt: [String]
    /// Completions per prompt.
    public var n: Int
    /// Sampling temperature.
    public var temperature: Double

    /// Creates a request.
    /// - Parameters:
    ///   - task: the environment id.
    ///   - prompt: the prompts.
    ///   - n: completions per prompt.
    ///   - temperature: sampling temperature.
    public init(task: String, prompt: [String], n: Int = 1, temperature: Double = 1) {
        self.task = task
        self.prompt = prompt
        self.n = n
        self.temperature = temperature
    }
}

/// One sampled completion.
public struct CompletionChoice: Codable, Sendable, Equatable {
    /// The position of the choice in the response.
    public var index: Int
    /// Which prompt of the request it answers.
    public var promptIndex: Int
    /// The completion text.
    public var text: String
    /// Its log-probability under the sampling distribution.
    public var logprob: Double

    private enum CodingKeys: String, CodingKey {
        case index
        case promptIndex = "prompt_index"
        case text, logprob
    }
}

/// The response of `POST /v1/completions`: choices ordered by prompt, then by sample.
public struct CompletionResponse: Codable, Sendable, Equatable {
    /// The version of the weights that produced every choice.
    public var policyVersion: Int
    /// `n` choices per prompt, prompt by prompt.
    public var choices: [CompletionChoice]

    private enum CodingKeys: String, CodingKey {
        case policyVersion = "policy_version"
        case choices
    }
}

/// The response of `GET /health`.
public struct HealthResponse: Codable, Sendable, Equatable {
    /// `"ok"`.
    public var status: String
    /// The version of the loaded weights.
    public var policyVersion: Int

    private enum CodingKeys: String, CodingKey {
        case status
        case policyVersion = "policy_version"
    }
}
