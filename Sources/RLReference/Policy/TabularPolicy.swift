import Foundation

/// A tabular softmax policy: one row of logits per (environment, prompt, output position) over that
/// environment's vocabulary; the tokens of a completion are sampled independently per position.
///
/// The parameter vector covers every built-in environment in ``EnvironmentRegistry/ids`` order, so the
/// inference server and the trainer agree on its layout without sharing the orchestrator's env list.
/// All-zero parameters are the uniform (chance) policy.
///
/// ```swift
/// var policy = TabularPolicy()
/// var rng = SeededGenerator(seed: 1)
/// let sample = try policy.sample(task: "reverse_text", prompt: "abc", temperature: 1, using: &rng)
/// ```
public struct TabularPolicy: Sendable, Equatable {
    /// Where one environment's rows live in ``parameters``.
    struct Block: Sendable, Equatable {
        let offset: Int
        let space: TaskSpace
        let promptIndex: [String: Int]
        let tokenIndex: [Character: Int]

        var vocabularySize: Int { space.vocabulary.count }
        var parameterCount: Int { space.prompts.count * space.completionLength * vocabularySize }

        func rowStart(promptIndex: Int, position: Int) -> Int {
            offset + (promptIndex * space.completionLength + position) * vocabularySize
        }
    }

    /// A prompt or completion the policy cannot score.
    public struct UnknownInput: Error, Sendable, Equatable, CustomStringConvertible {
        /// What was not found.
        public let description: String
    }

    private let blocks: [String: Block]
    /// The logits, laid out environment by environment, prompt by prompt, position by position.
    public var parameters: [Double]

    /// Creates the uniform policy over every built-in environment.
    public init() {
        var blocks: [String: Block] = [:]
        var offset = 0
        for id in EnvironmentRegistry.ids {
            guard let space = EnvironmentRegistry.space(of: id) else { continue }
            let block = Block(
                offset: offset,
                space: space,
                promptIndex: Dictionary(uniqueKeysWithValues: space.prompts.enumerated().map { ($1, $0) }),
                tokenIndex: Dictionary(uniqueKeysWithValues: space.vocabulary.enumerated().map { ($1, $0) })
            )
            blocks[id] = block
            offset += block.parameterCount
        }
        self.blocks = blocks
        parameters = Array(repeating: 0, count: offset)
    }

    /// The number of parameters.
    public var parameterCount: Int { parameters.count }

    /// The completion length of environment `task`.
    /// - Parameter task: an environment id.
    public func completionLength(task: String) throws(UnknownInput) -> Int {
        try block(task).space.completionLength
    }

    /// The probabilities of each vocabulary token at `position` of the completion for `prompt`.
    /// - Parameters:
    ///   - task: the environment id.
    ///   - prompt: a prompt of that environment.
    ///   - position: the output position, from 0.
    ///   - temperature: divides the logits before the softmax.
    public func probabilities(
        task: String,
        prompt: String,
        position: Int,
        temperature: Double = 1
    ) throws(UnknownInput) -> [Double] {
        let block = try block(task)
        let start = block.rowStart(promptIndex: try index(of: prompt, in: block, task: task), position: position)
        return Self.softmax(parameters[start..<start + block.vocabularySize], temperature: temperature)
    }

    /// Samples a completion and returns it with its log-probability under the sampling distribution.
    /// - Parameters:
    ///   - task: the environment id.
    ///   - prompt: a prompt of that environment.
    ///   - temperature: sampling temperature (1 = the policy itself).
    ///   - rng: the random source.
    public func sample(
        task: String,
        prompt: String,
        temperature: Double,
        using rng: inout some RandomNumberGenerator
    ) throws(UnknownInput) -> (completion: String, logProbability: Double) {
        let block = try block(task)
        let promptIndex = try index(of: prompt, in: block, task: task)
        var completion = ""
        var logProbability = 0.0
        for position in 0..<block.space.completionLength {
            let start = block.rowStart(promptIndex: promptIndex, position: position)
            let probs = Self.softmax(parameters[start..<start + block.vocabularySize], temperature: temperature)
            let token = Self.draw(from: probs, using: &rng)
            completion.append(block.space.vocabulary[token])
            logProbability += Self.safeLog(probs[token])
        }
        return (completion, logProbability)
    }

    /// The log-probability of `completion` at temperature 1.
    /// - Parameters:
    ///   - task: the environment id.
    ///   - prompt: a prompt of that environment.
    ///   - completion: a completion over the environment's vocabulary.
    public func logProbability(task: String, prompt: String, completion: String) throws(UnknownInput) -> Double {
        var total = 0.0
        try forEachToken(task: task, prompt: prompt, completion: completion) { start, size, token in
            let probs = Self.softmax(parameters[start..<start + size], temperature: 1)
            total += Self.safeLog(probs[token])
        }
        return total
    }

    /// Adds `weight × ∇ log π(completion | prompt)` (temperature 1) to `gradient`.
    ///
    /// For a softmax row the gradient of the chosen token's log-probability is `onehot(token) − π`.
    /// - Parameters:
    ///   - weight: the sample's coefficient, e.g. `-advantage / batchSize` for the loss gradient.
    ///   - gradient: a vector of ``parameterCount`` entries.
    public func accumulateLogProbabilityGradient(
        task: String,
        prompt: String,
        completion: String,
        weight: Double,
        into gradient: inout [Double]
    ) throws(UnknownInput) {
        try forEachToken(task: task, prompt: prompt, completion: completion) { start, size, token in
            let probs = Self.softmax(parameters[start..<start + size], temperature: 1)
            for k in 0..<size {
                gradient[start + k] += weight * ((k == token ? 1 : 0) - probs[k])
            }
        }
    }

    private func forEachToken(
        task: String,
        prompt: String,
        completion: String,
        _ body: (_ rowStart: Int, _ size: Int, _ token: Int) -> Void
    ) throws(UnknownInput) {
        let block = try block(task)
        let promptIndex = try index(of: prompt, in: block, task: task)
        let tokens = Array(completion)
        guard tokens.count == block.space.completionLength else {
            throw UnknownInput(
                description: "completion \(String(reflecting: completion)) for \(task) must have "
                    + "\(block.space.completionLength) tokens"
            )
        }
        for (position, character) in tokens.enumerated() {
            guard let token = block.tokenIndex[character] else {
                throw UnknownInput(description: "token \(String(reflecting: character)) is not in \(task)'s vocabulary")
            }
            body(block.rowStart(promptIndex: promptIndex, position: position), block.vocabularySize, token)
        }
    }

    private func block(_ task: String) throws(UnknownInput) -> Block {
        guard let block = blocks[task] else {
            throw UnknownInput(
                description: "unknown task '\(task)': use one of \(EnvironmentRegistry.ids.joined(separator: ", "))"
            )
        }
        return block
    }

    private func index(of prompt: String, in block: Block, task: String) throws(UnknownInput) -> Int {
        guard let index = block.promptIndex[prompt] else {
            throw UnknownInput(description: "prompt \(String(reflecting: prompt)) is not a \(task) prompt")
        }
        return index
    }

    static func softmax(_ logits: ArraySlice<Double>, temperature: Double) -> [Double] {
        let scaled = logits.map { $0 / temperature }
        let maximum = scaled.max() ?? 0
        let exps = scaled.map { exp($0 - maximum) }
        let sum = exps.reduce(0, +)
        return exps.map { $0 / sum }
    }

    private static func draw(from probabilities: [Double], using rng: inout some RandomNumberGenerator) -> Int {
        var u = Double.random(in: 0..<1, using: &rng)
        for (index, p) in probabilities.enumerated() {
            u -= p
            if u < 0 { return index }
        }
        return probabilities.count - 1
    }

    private static func safeLog(_ p: Double) -> Double { log(max(p, 1e-300)) }
}
