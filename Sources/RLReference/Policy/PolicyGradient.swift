/// The policy-gradient loss `L = −(1/N) Σ advantageᵢ · log π(completionᵢ | promptᵢ)` and its gradient.
public enum PolicyGradient {
    /// The loss and gradient of a (shard of a) batch, averaged over its samples.
    public struct Result: Sendable {
        /// The mean loss over the samples.
        public var loss: Double
        /// `∂L/∂parameters`, one entry per policy parameter.
        public var gradient: [Double]
        /// The number of samples averaged.
        public var sampleCount: Int
    }

    /// Computes the mean loss and its gradient over `samples`.
    /// - Parameters:
    ///   - policy: the current policy.
    ///   - samples: scored completions with advantages.
    /// - Throws: ``TabularPolicy/UnknownInput`` when a sample does not fit the policy.
    public static func lossAndGradient(
        policy: TabularPolicy,
        samples: [TrainingSample]
    ) throws(TabularPolicy.UnknownInput) -> Result {
        var gradient = Array(repeating: 0.0, count: policy.parameterCount)
        guard !samples.isEmpty else { return Result(loss: 0, gradient: gradient, sampleCount: 0) }
        let scale = 1 / Double(samples.count)
        var loss = 0.0
        for sample in samples {
            let logProbability = try policy.logProbability(
                task: sample.task,
                prompt: sample.prompt,
                completion: sample.completion
            )
            loss -= sample.advantage * logProbability * scale
            try policy.accumulateLogProbabilityGradient(
                task: sample.task,
                prompt: sample.prompt,
                completion: sample.completion,
                weight: -sample.advantage * scale,
                into: &gradient
            )
        }
        return Result(loss: loss, gradient: gradient, sampleCount: samples.count)
    }

    /// The Euclidean norm of `gradient`.
    /// - Parameter gradient: any vector.
    public static func norm(_ gradient: [Double]) -> Double {
        gradient.reduce(0) { $0 + $1 * $1 }.squareRoot()
    }
}
