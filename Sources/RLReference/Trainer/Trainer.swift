import Foundation
import Runlog

/// One trainer rank's loop: read this rank's shard of each batch, compute the policy-gradient loss and
/// gradient, average the gradient across ranks, apply the optimizer step (identically on every rank),
/// and on rank 0 publish the new weights for the inference server.
final class Trainer {
    private let config: TrainerConfig
    private let paths: RunPaths
    private let allReduce: GradientAllReduce
    private let logger: RunlogLogger
    private var policy = TabularPolicy()
    private var optimizer: Optimizer

    init(config: TrainerConfig, allReduce: GradientAllReduce, logger: RunlogLogger) {
        self.config = config
        self.paths = RunPaths(outputDir: config.outputDir)
        self.allReduce = allReduce
        self.logger = logger
        optimizer = Optimizer(
            kind: config.optimizer,
            learningRate: config.learningRate,
            beta1: config.adamBeta1,
            beta2: config.adamBeta2,
            parameterCount: policy.parameterCount
        )
    }

    /// Trains `max_steps` steps.
    func run() throws(TrainerFailure) {
        if allReduce.rank == 0 {
            try publish(version: 0)
        }
        for step in 1...config.maxSteps {
            let batch = try waitForBatch(step: step)
            let stepStart = ContinuousClock.now
            let shard = batch.shard(rank: allReduce.rank, worldSize: allReduce.worldSize)
            let local: PolicyGradient.Result
            do {
                local = try PolicyGradient.lossAndGradient(policy: policy, samples: shard)
            } catch {
                throw TrainerFailure("batch \(step) does not fit the policy: \(error)")
            }
            let average: GradientAllReduce.Average
            do {
                average = try allReduce.average(
                    GradientAllReduce.Contribution(
                        step: step,
                        sampleCount: local.sampleCount,
                        loss: local.loss,
                        parameterChecksum: Self.checksum(policy.parameters),
                        gradient: local.gradient
                    )
                )
            } catch {
                throw TrainerFailure("gradient all-reduce failed at step \(step): \(error)")
            }
            optimizer.step(parameters: &policy.parameters, gradient: average.gradient)
            if allReduce.rank == 0 {
                try publish(version: step)
            }
            let seconds = (ContinuousClock.now - stepStart).seconds
            logger.success(
                "Step \(step) | Loss: \(DecimalText.fixed(average.loss, 4)) | "
                    + "Grad. Norm: \(DecimalText.fixed(PolicyGradient.norm(average.gradient), 4)) | "
                    + "LR: \(config.learningRate) | Time: \(DecimalText.fixed(seconds, 2))s | "
                    + "Samples: \(local.sampleCount)/\(average.sampleCount)"
            )
        }
    }

    private func waitForBatch(step: Int) throws(TrainerFailure) -> TrainingBatch {
        let path = paths.batchFile(step: step)
        var batch: TrainingBatch?
        var readError: (any Error)?
        let outcome = Waiting.until(timeout: .seconds(config.waitTimeoutSeconds)) {
            do {
                batch = try TrainingBatch.read(from: path)
            } catch {
                readError = error
                return true
            }
            return batch != nil
        }
        if let readError { throw TrainerFailure("cannot read \(path): \(readError)") }
        guard outcome == .satisfied, let batch else {
            throw TrainerFailure(
                "no batch \(path) within \(config.waitTimeoutSeconds) s: is the orchestrator running with the same "
                    + "output_dir and max_steps?"
            )
        }
        logger.debug("Read batch \(step): \(batch.samples.count) samples from policy version \(batch.policyVersion)")
        return batch
    }

    private func publish(version: Int) throws(TrainerFailure) {
        do {
            try PolicyWeights(version: version, parameters: policy.parameters).publish(to: paths.weightsFile)
        } catch {
            throw TrainerFailure("cannot publish weights to \(paths.weightsFile): \(error)")
        }
        logger.debug("Published policy version \(version) to \(paths.weightsFile)")
    }

    /// A position-weighted sum of the parameters: equal on all ranks unless their updates diverged.
    static func checksum(_ parameters: [Double]) -> Double {
        parameters.enumerated().reduce(0) { $0 + $1.element * Double($1.offset % 13 + 1) }
    }
}
