import Foundation

/// What the orchestrator reports at the end of a run, in `{output_dir}/run/orchestrator_summary.json`,
/// for the launcher's final summary.
public struct OrchestratorSummary: Codable, Sendable, Equatable {
    /// Steps completed.
    public var steps: Int
    /// The mean reward of the last step.
    public var finalReward: Double
    /// The mean reward of each step, in order.
    public var rewards: [Double]
    /// The first step whose mean reward reached 0.9, if any.
    public var firstStepAtRewardThreshold: Int?
    /// Seconds from the first step's start to the end of step ``firstStepAtRewardThreshold``.
    public var secondsToRewardThreshold: Double?
    /// Seconds from the first step's start to the last step's end.
    public var seconds: Double

    private enum CodingKeys: String, CodingKey {
        case steps
        case finalReward = "final_reward"
        case rewards
        case firstStepAtRewardThreshold = "first_step_at_0_9"
        case secondsToRewardThreshold = "seconds_to_0_9"
        case seconds
    }

    /// The summary's path under `outputDir`.
    /// - Parameter outputDir: the run's output directory.
    public static func path(outputDir: String) -> String {
        RunPaths(outputDir: outputDir).runDir + "/orchestrator_summary.json"
    }

    /// Reads the summary a finished orchestrator wrote, or nil.
    /// - Parameter outputDir: the run's output directory.
    public static func read(outputDir: String) -> OrchestratorSummary? {
        guard let data = FileManager.default.contents(atPath: path(outputDir: outputDir)) else { return nil }
        return try? JSONDecoder().decode(OrchestratorSummary.self, from: data)
    }
}
