/// A verifiable task: it hands out prompts and scores completions, logging through swift-log as a
/// third-party library would (labels `verifiers.<id>`).
public protocol Environment: Sendable {
    /// The built-in id, e.g. `"reverse_text"`.
    static var id: String { get }
    /// Every prompt, the output alphabet and the completion length.
    static var space: TaskSpace { get }

    /// Scores `completion` for `prompt` in `0...1`.
    /// - Parameters:
    ///   - prompt: a prompt from ``space``.
    ///   - completion: the model's output.
    func reward(prompt: String, completion: String) -> Double
}
