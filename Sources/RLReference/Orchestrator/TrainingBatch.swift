import Foundation

/// One step's training data, written by the orchestrator to ``RunPaths/batchFile(step:)`` (temp file +
/// rename) and read by every trainer rank, which takes the samples at indices `rank, rank + W, ...`.
public struct TrainingBatch: Codable, Sendable, Equatable {
    /// The 1-based training step.
    public var step: Int
    /// The oldest policy version that produced these samples.
    public var policyVersion: Int
    /// The scored samples, group after group.
    public var samples: [TrainingSample]

    /// Creates a batch.
    /// - Parameters:
    ///   - step: the training step.
    ///   - policyVersion: the policy version behind the samples.
    ///   - samples: the samples.
    public init(step: Int, policyVersion: Int, samples: [TrainingSample]) {
        self.step = step
        self.policyVersion = policyVersion
        self.samples = samples
    }

    private enum CodingKeys: String, CodingKey {
        case step
        case policyVersion = "policy_version"
        case samples
    }

    /// The samples rank `rank` of `worldSize` trains on.
    /// - Parameters:
    ///   - rank: the global rank.
    ///   - worldSize: the number of ranks.
    public func shard(rank: Int, worldSize: Int) -> [TrainingSample] {
        stride(from: rank, to: samples.count, by: max(1, worldSize)).map { samples[$0] }
    }

    /// Writes the batch atomically.
    /// - Parameter path: usually ``RunPaths/batchFile(step:)``.
    public func write(to path: String) throws {
        try AtomicFile.write(JSONEncoder().encode(self), to: path)
    }

    /// Reads a batch, or nil when the file does not exist yet.
    /// - Parameter path: usually ``RunPaths/batchFile(step:)``.
    public static func read(from path: String) throws -> TrainingBatch? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try JSONDecoder().decode(TrainingBatch.self, from: data)
    }
}
