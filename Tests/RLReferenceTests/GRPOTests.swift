import Testing

@testable import RLReference

@Suite struct GRPOTests {
    @Test func advantagesAreGroupNormalisedToZeroMeanAndUnitDeviation() {
        let advantages = GRPO.advantages(rewards: [1, 0, 0, 1, 0.5, 0.25])
        let mean = advantages.reduce(0, +) / Double(advantages.count)
        let variance = advantages.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(advantages.count)
        #expect(abs(mean) < 1e-9)
        #expect(abs(variance - 1) < 1e-4)
    }

    @Test func betterCompletionsGetLargerAdvantages() {
        let advantages = GRPO.advantages(rewards: [0.2, 0.9, 0.5])
        #expect(advantages[1] > advantages[2])
        #expect(advantages[2] > advantages[0])
        #expect(GRPO.advantages(rewards: [1, 0, 0, 1]).map { ($0 * 1000).rounded() / 1000 } == [1, -1, -1, 1])
    }

    @Test func groupWithEqualRewardsCarriesNoSignal() {
        #expect(GRPO.advantages(rewards: [0.7, 0.7, 0.7]) == [0, 0, 0])
        #expect(GRPO.advantages(rewards: []) == [])
    }
}
