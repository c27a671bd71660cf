import Foundation

/// GRPO's group-relative advantages: every completion of one prompt is compared with its siblings.
///
/// ```swift
/// GRPO.advantages(rewards: [1, 0, 0, 1])   // [1, -1, -1, 1]
/// ```
public enum GRPO {
    /// Normalises the rewards of one group to zero mean and unit (population) standard deviation.
    ///
    /// A group whose rewards are all equal carries no signal and gets all-zero advantages.
    /// - Parameters:
    ///   - rewards: the rewards of the completions of one prompt.
    ///   - epsilon: added to the standard deviation to keep small groups stable.
    public static func advantages(rewards: [Double], epsilon: Double = 1e-6) -> [Double] {
        guard !rewards.isEmpty else { return [] }
        let mean = rewards.reduce(0, +) / Double(rewards.count)
        let variance = rewards.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(rewards.count)
        let deviation = variance.squareRoot()
        guard deviation > epsilon else { return Array(repeating: 0, count: rewards.count) }
        return rewards.map { ($0 - mean) / (deviation + epsilon) }
    }
}
