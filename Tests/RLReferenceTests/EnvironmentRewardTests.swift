import Testing

@testable import RLReference

@Suite struct EnvironmentRewardTests {
    @Test func reverseTextGivesPartialCreditPerPosition() {
        let environment = ReverseText()
        #expect(environment.reward(prompt: "abc", completion: "cba") == 1)
        #expect(abs(environment.reward(prompt: "abc", completion: "cbb") - 2.0 / 3) < 1e-12)
        #expect(environment.reward(prompt: "abc", completion: "abc") == 1.0 / 3)  // middle letter matches
        #expect(environment.reward(prompt: "abc", completion: "ab") == 0)
    }

    @Test func addDigitsRewardsOnlyTheExactSum() {
        let environment = AddDigits()
        #expect(environment.reward(prompt: "2+3", completion: "5") == 1)
        #expect(environment.reward(prompt: "4+4", completion: "8") == 1)
        #expect(environment.reward(prompt: "2+3", completion: "6") == 0)
        #expect(environment.reward(prompt: "garbage", completion: "5") == 0)
    }

    @Test func everyPromptHasAReachableFullReward() throws {
        for id in EnvironmentRegistry.ids {
            let space = try #require(EnvironmentRegistry.space(of: id))
            let environment = try #require(EnvironmentRegistry.make(id))
            for prompt in space.prompts {
                let best = TaskSpace.allStrings(over: space.vocabulary, length: space.completionLength)
                    .map { environment.reward(prompt: prompt, completion: $0) }.max()
                #expect(best == 1, "\(id) prompt \(prompt)")
            }
        }
    }
}
