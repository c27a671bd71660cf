import Foundation
import Runlog

/// The rollout loop: for each step, prompts from the env workers, completions from the inference
/// server, rewards from the env workers, GRPO groups, a batch file for the trainer; never more than
/// `max_async_level` steps ahead of the weights the trainer has published.
final class Orchestrator {
    private let config: OrchestratorConfig
    private let paths: RunPaths
    private let pool: EnvWorkerPool
    private let inference: HTTPClient
    private let logger: RunlogLogger

    init(config: OrchestratorConfig, pool: EnvWorkerPool, inference: HTTPClient, logger: RunlogLogger) {
        self.config = config
        self.paths = RunPaths(outputDir: config.outputDir)
        self.pool = pool
        self.inference = inference
        self.logger = logger
    }

    /// Runs `max_steps` steps and returns the summary.
    func run() throws(OrchestratorFailure) -> OrchestratorSummary {
        let runStart = ContinuousClock.now
        var rewards: [Double] = []
        var firstAtThreshold: Int?
        var secondsToThreshold: Double?
        for step in 1...config.maxSteps {
            try waitForTrainer(step: step)
            let stepStart = ContinuousClock.now
            let (samples, oldestVersion) = try rollouts()
            let batch = TrainingBatch(step: step, policyVersion: oldestVersion, samples: samples)
            do {
                try batch.write(to: paths.batchFile(step: step))
            } catch {
                throw OrchestratorFailure("cannot write \(paths.batchFile(step: step)): \(error)")
            }
            let meanReward = samples.map(\.reward).reduce(0, +) / Double(samples.count)
            let meanLength = Double(samples.map(\.completion.count).reduce(0, +)) / Double(samples.count)
            let seconds = (ContinuousClock.now - stepStart).seconds
            rewards.append(meanReward)
            if firstAtThreshold == nil, meanReward >= 0.9 {
                firstAtThreshold = step
                secondsToThreshold = (ContinuousClock.now - runStart).seconds
            }
            logger.success(
                "Step \(step) | Time: \(DecimalText.fixed(seconds, 2))s | "
                    + "Reward: \(DecimalText.fixed(meanReward, 4)) | "
                    + "Seq. Length: \(DecimalText.fixed(meanLength, 1)) | "
                    + "Async Level: \(step - 1 - oldestVersion)"
            )
        }
        return OrchestratorSummary(
            steps: config.maxSteps,
            finalReward: rewards.last ?? 0,
            rewards: rewards,
            firstStepAtRewardThreshold: firstAtThreshold,
            secondsToRewardThreshold: secondsToThreshold,
            seconds: (ContinuousClock.now - runStart).seconds
        )
    }

    /// Step `step` may use weights no older than version `step - 1 - max_async_level`.
    private func waitForTrainer(step: Int) throws(OrchestratorFailure) {
        let needed = step - 1 - config.maxAsyncLevel
        guard needed > 0 else { return }
        var version = PolicyWeights.publishedVersion(at: paths.weightsFile)
        if version < needed {
            logger.debug("Step \(step) waits for policy version \(needed) (published: \(version))")
        }
        let outcome = Waiting.until(
            timeout: .seconds(config.waitTimeoutSeconds),
            shouldAbandon: { pool.isStopping }
        ) {
            version = PolicyWeights.publishedVersion(at: paths.weightsFile)
            return version >= needed
        }
        switch outcome {
        case .satisfied: return
        case .abandoned: throw pool.failure(during: "waiting for the trainer")
        case .timedOut:
            throw OrchestratorFailure(
                "the trainer published no policy version \(needed) within \(config.waitTimeoutSeconds) s "
                    + "(latest: \(version) in \(paths.weightsFile)); is the trainer running with the same output_dir?"
            )
        }
    }

    /// One step's samples for every environment, and the oldest policy version that produced them.
    private func rollouts() throws(OrchestratorFailure) -> ([TrainingSample], Int) {
        var samples: [TrainingSample] = []
        var oldestVersion = Int.max
        let groupSize = config.rolloutsPerExample
        for env in config.env {
            let name = env.resolvedName
            let prompts = try pool.prompts(env: name, count: config.promptsPerEnvironment)
            let response = try complete(task: env.id, prompts: prompts)
            oldestVersion = min(oldestVersion, response.policyVersion)
            let completions = response.choices.map(\.text)
            let expandedPrompts = response.choices.map { prompts[$0.promptIndex] }
            let rewards = try pool.score(env: name, prompts: expandedPrompts, completions: completions)
            for group in 0..<prompts.count {
                let range = group * groupSize..<(group + 1) * groupSize
                let advantages = GRPO.advantages(rewards: Array(rewards[range]))
                for (offset, index) in range.enumerated() {
                    samples.append(
                        TrainingSample(
                            task: env.id,
                            prompt: expandedPrompts[index],
                            completion: completions[index],
                            reward: rewards[index],
                            advantage: advantages[offset]
                        )
                    )
                }
            }
            let mean = rewards.reduce(0, +) / Double(max(1, rewards.count))
            logger.debug("\(name): \(rewards.count) rollouts, mean reward \(DecimalText.fixed(mean, 4))")
        }
        return (samples, oldestVersion == Int.max ? 0 : oldestVersion)
    }

    private func complete(task: String, prompts: [String]) throws(OrchestratorFailure) -> CompletionResponse {
        let request = CompletionRequest(
            task: task,
            prompt: prompts,
            n: config.rolloutsPerExample,
            temperature: config.temperature
        )
        do {
            let (status, body) = try inference.post("/v1/completions", json: JSONEncoder().encode(request))
            guard status == 200 else {
                throw OrchestratorFailure(
                    "inference answered \(status): \(String(decoding: body.prefix(500), as: UTF8.self))"
                )
            }
            let response = try JSONDecoder().decode(CompletionResponse.self, from: body)
            guard response.choices.count == prompts.count * config.rolloutsPerExample else {
                throw OrchestratorFailure(
                    "inference returned \(response.choices.count) choices, expected "
                        + "\(prompts.count * config.rolloutsPerExample)"
                )
            }
            return response
        } catch let error as OrchestratorFailure {
            throw error
        } catch {
            throw OrchestratorFailure(
                "inference request failed: \(error); is the inference server at "
                    + "\(inference.host):\(inference.port) running?"
            )
        }
    }
}
