import Testing

@testable import RLReference

/// The learning math in one process: sample from the policy, score with the real environment, GRPO
/// advantages, policy gradient, optimizer step.
@Suite struct PolicyLearningTests {
    /// Trains on one environment for `steps` steps and returns the mean reward of each step.
    private func train(_ environment: some Environment, steps: Int, seed: UInt64) throws -> [Double] {
        let task = type(of: environment).id
        let space = type(of: environment).space
        var policy = TabularPolicy()
        var optimizer = Optimizer(kind: "adam", learningRate: 0.5, parameterCount: policy.parameterCount)
        var rng = SeededGenerator(seed: seed)
        var history: [Double] = []
        for _ in 0..<steps {
            var samples: [TrainingSample] = []
            for _ in 0..<8 {
                let prompt = space.prompts.randomElement(using: &rng)!
                let completions = try (0..<8).map { _ in
                    try policy.sample(task: task, prompt: prompt, temperature: 1, using: &rng).completion
                }
                let rewards = completions.map { environment.reward(prompt: prompt, completion: $0) }
                let advantages = GRPO.advantages(rewards: rewards)
                for i in 0..<8 {
                    samples.append(
                        TrainingSample(
                            task: task,
                            prompt: prompt,
                            completion: completions[i],
                            reward: rewards[i],
                            advantage: advantages[i]
                        )
                    )
                }
            }
            history.append(samples.map(\.reward).reduce(0, +) / Double(samples.count))
            let result = try PolicyGradient.lossAndGradient(policy: policy, samples: samples)
            optimizer.step(parameters: &policy.parameters, gradient: result.gradient)
        }
        return history
    }

    @Test func reverseTextRisesFromChanceToNinetyPercent() throws {
        let rewards = try train(ReverseText(), steps: 300, seed: 1)
        #expect(rewards.prefix(3).reduce(0, +) / 3 < 0.5)  // chance is 1/3
        #expect(rewards.suffix(20).reduce(0, +) / 20 >= 0.9)
    }

    @Test func addDigitsRisesFromChanceToNinetyPercent() throws {
        let rewards = try train(AddDigits(), steps: 300, seed: 2)
        #expect(rewards.prefix(3).reduce(0, +) / 3 < 0.3)  // chance is 1/10
        #expect(rewards.suffix(20).reduce(0, +) / 20 >= 0.9)
    }

    @Test func uniformPolicyGivesEveryTokenEqualProbability() throws {
        let policy = TabularPolicy()
        let probabilities = try policy.probabilities(task: "add_digits", prompt: "1+2", position: 0)
        #expect(probabilities.count == 10)
        #expect(probabilities.allSatisfy { abs($0 - 0.1) < 1e-12 })
    }

    @Test func gradientMatchesFiniteDifferences() throws {
        var policy = TabularPolicy()
        var rng = SeededGenerator(seed: 3)
        for i in policy.parameters.indices { policy.parameters[i] = Double.random(in: -1...1, using: &rng) }
        let samples = [
            TrainingSample(task: "reverse_text", prompt: "abc", completion: "cba", reward: 1, advantage: 1.2),
            TrainingSample(task: "reverse_text", prompt: "abc", completion: "aaa", reward: 0, advantage: -0.7),
            TrainingSample(task: "add_digits", prompt: "2+2", completion: "4", reward: 1, advantage: 0.5),
        ]
        let analytic = try PolicyGradient.lossAndGradient(policy: policy, samples: samples)
        let touched = analytic.gradient.indices.filter { analytic.gradient[$0] != 0 }
        #expect(!touched.isEmpty)
        for index in touched.prefix(12) {
            var plus = policy
            var minus = policy
            plus.parameters[index] += 1e-5
            minus.parameters[index] -= 1e-5
            let numeric =
                (try PolicyGradient.lossAndGradient(policy: plus, samples: samples).loss
                    - PolicyGradient.lossAndGradient(policy: minus, samples: samples).loss) / 2e-5
            #expect(abs(numeric - analytic.gradient[index]) < 1e-6)
        }
    }

    @Test func unknownTaskOrPromptIsAClearError() {
        let policy = TabularPolicy()
        var rng = SeededGenerator(seed: 0)
        #expect(throws: TabularPolicy.UnknownInput.self) {
            try policy.sample(task: "chess", prompt: "e4", temperature: 1, using: &rng)
        }
        #expect(throws: TabularPolicy.UnknownInput.self) {
            try policy.logProbability(task: "reverse_text", prompt: "abd", completion: "dba")
        }
    }
}
