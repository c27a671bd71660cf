import Foundation
import Testing

@testable import RLReference

/// Two real trainer rank processes average their gradients over loopback TCP: the weights rank 0
/// publishes equal a single-process step on the whole batch, and differ from a step on one shard.
@Suite(.serialized) struct GradientAllReduceProcessTests {
    private func batch(samples count: Int) throws -> TrainingBatch {
        var rng = SeededGenerator(seed: 11)
        let policy = TabularPolicy()
        var samples: [TrainingSample] = []
        let environment = ReverseText()
        while samples.count < count {
            let prompt = ReverseText.space.prompts.randomElement(using: &rng)!
            let completions = try (0..<4).map { _ in
                try policy.sample(task: ReverseText.id, prompt: prompt, temperature: 1, using: &rng).completion
            }
            let rewards = completions.map { environment.reward(prompt: prompt, completion: $0) }
            for (completion, (reward, advantage)) in zip(completions, zip(rewards, GRPO.advantages(rewards: rewards))) {
                samples.append(
                    TrainingSample(
                        task: ReverseText.id,
                        prompt: prompt,
                        completion: completion,
                        reward: reward,
                        advantage: advantage
                    )
                )
            }
        }
        return TrainingBatch(step: 1, policyVersion: 0, samples: Array(samples.prefix(count)))
    }

    private func oneStep(on samples: [TrainingSample], config: TrainerConfig) throws -> [Double] {
        var policy = TabularPolicy()
        var optimizer = Optimizer(
            kind: config.optimizer,
            learningRate: config.learningRate,
            parameterCount: policy.parameterCount
        )
        let result = try PolicyGradient.lossAndGradient(policy: policy, samples: samples)
        optimizer.step(parameters: &policy.parameters, gradient: result.gradient)
        return policy.parameters
    }

    @Test func twoRankProcessesApplyTheWholeBatchAverageGradient() throws {
        let harness = try ComponentHarness()
        var config = TrainerConfig()
        config.outputDir = harness.outputDir
        config.maxSteps = 1
        config.optimizer = "sgd"  // linear in the gradient, so a wrong average cannot hide
        config.waitTimeoutSeconds = 30
        let batch = try batch(samples: 41)  // odd: the shards have 21 and 20 samples
        try batch.write(to: harness.paths.batchFile(step: 1))
        let configPath = try harness.writeConfig(config, name: "trainer")
        let port = try ComponentHarness.freePort()
        let ranks = try (0..<2).map { rank in
            try harness.start(
                "trainer",
                arguments: ["--config", configPath],
                environment: [
                    "RANK": "\(rank)", "LOCAL_RANK": "\(rank)", "WORLD_SIZE": "2",
                    "MASTER_ADDR": "127.0.0.1", "MASTER_PORT": "\(port)",
                ],
                logName: "trainer_\(rank).stdout"
            )
        }
        for rank in ranks {
            #expect(harness.waitForExit(rank, timeout: .seconds(30)) == 0)
        }
        let published = try #require(try PolicyWeights.load(from: harness.paths.weightsFile))
        #expect(published.version == 1)
        let expected = try oneStep(on: batch.samples, config: config)
        let shardOnly = try oneStep(on: batch.shard(rank: 0, worldSize: 2), config: config)
        let error = zip(published.parameters, expected).map { abs($0 - $1) }.max() ?? .infinity
        let shardDifference = zip(published.parameters, shardOnly).map { abs($0 - $1) }.max() ?? 0
        #expect(error < 1e-12)
        #expect(shardDifference > 1e-3)
        for rank in 0..<2 {
            let log = harness.read(harness.paths.trainerLog(rank: rank))
            #expect(log.contains("Step 1 | Loss: "))
            #expect(log.contains("| Grad. Norm: "))
            #expect(log.contains("| LR: 0.5"))
            #expect(log.contains("Samples: \(rank == 0 ? 21 : 20)/41"))
        }
    }

    @Test func rankWithoutItsPeerFailsWithAClearError() throws {
        let harness = try ComponentHarness()
        var config = TrainerConfig()
        config.outputDir = harness.outputDir
        config.waitTimeoutSeconds = 1
        let process = try harness.start(
            "trainer",
            arguments: ["--config", try harness.writeConfig(config, name: "trainer")],
            environment: ["RANK": "0", "WORLD_SIZE": "2", "MASTER_PORT": "\(try ComponentHarness.freePort())"],
            logName: "trainer.stdout"
        )
        #expect(harness.waitForExit(process, timeout: .seconds(20)) == 1)
        #expect(harness.read(harness.paths.trainerLog(rank: 0)).contains("only 1 of 2 ranks joined"))
    }
}
