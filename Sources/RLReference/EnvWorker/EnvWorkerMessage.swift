/// A request from the orchestrator to an env worker (one JSON object per line on their TCP connection).
///
/// - `{"op": "prompts", "count": 4}` → ``EnvWorkerReply/prompts``
/// - `{"op": "score", "prompts": [...], "completions": [...]}` → ``EnvWorkerReply/rewards``
/// - `{"op": "shutdown"}` → the worker logs, flushes and exits 0 (no reply)
public struct EnvWorkerRequest: Codable, Sendable, Equatable {
    /// `"prompts"`, `"score"` or `"shutdown"`.
    public var op: String
    /// For `prompts`: how many to sample.
    public var count: Int?
    /// For `score`: the prompts, parallel to ``completions``.
    public var prompts: [String]?
    /// For `score`: the completions to score.
    public var completions: [String]?

    /// Creates a request.
    /// - Parameters:
    ///   - op: the operation.
    ///   - count: for `prompts`.
    ///   - prompts: for `score`.
    ///   - completions: for `score`.
    public init(op: String, count: Int? = nil, prompts: [String]? = nil, completions: [String]? = nil) {
        self.op = op
        self.count = count
        self.prompts = prompts
        self.completions = completions
    }
}

/// An env worker's reply: the sampled prompts, the rewards, or an error.
public struct EnvWorkerReply: Codable, Sendable, Equatable {
    /// For `prompts`.
    public var prompts: [String]?
    /// For `score`, parallel to the request's completions.
    public var rewards: [Double]?
    /// Set when the request could not be served.
    public var error: String?

    /// Creates a reply.
    /// - Parameters:
    ///   - prompts: sampled prompts.
    ///   - rewards: rewards.
    ///   - error: a failure message.
    public init(prompts: [String]? = nil, rewards: [Double]? = nil, error: String? = nil) {
        self.prompts = prompts
        self.rewards = rewards
        self.error = error
    }
}

/// The first line an env worker sends after connecting: who it is.
public struct EnvWorkerHello: Codable, Sendable, Equatable {
    /// The environment name.
    public var env: String
    /// The worker's index within its environment.
    public var index: Int
    /// The worker's process id.
    public var pid: Int32
}
