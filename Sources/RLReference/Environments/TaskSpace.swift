/// The finite task an environment poses, as the tabular policy needs it: every prompt, the output
/// alphabet and the completion length.
public struct TaskSpace: Sendable, Equatable {
    /// Every prompt the environment can produce, in a fixed order.
    public let prompts: [String]
    /// The tokens a completion is made of (one character each).
    public let vocabulary: [Character]
    /// The number of tokens in a completion.
    public let completionLength: Int

    /// Creates a task space.
    /// - Parameters:
    ///   - prompts: every prompt, in a fixed order.
    ///   - vocabulary: the output tokens.
    ///   - completionLength: tokens per completion.
    public init(prompts: [String], vocabulary: [Character], completionLength: Int) {
        self.prompts = prompts
        self.vocabulary = vocabulary
        self.completionLength = completionLength
    }

    /// All strings of `length` characters over `alphabet`, in lexicographic order of indices.
    static func allStrings(over alphabet: [Character], length: Int) -> [String] {
        var result = [""]
        for _ in 0..<length {
            result = result.flatMap { prefix in alphabet.map { prefix + String($0) } }
        }
        return result
    }
}
