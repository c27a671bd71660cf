import Runlog
import Testing

@Suite struct RankContextTests {
    @Test func rankVariablesAreReadWhenSet() {
        let variables = ["RANK": "5", "LOCAL_RANK": "1", "WORLD_SIZE": "8"]
        let context = RankContext(variables: { variables[$0] })
        #expect(context == RankContext(rank: 5, localRank: 1, worldSize: 8))
        #expect(!context.isEmpty)
    }

    @Test func missingOrMalformedRankVariablesAreNil() {
        let variables = ["RANK": "zero", "WORLD_SIZE": " 2 "]
        let context = RankContext(variables: { variables[$0] })
        #expect(context == RankContext(rank: nil, localRank: nil, worldSize: 2))
        #expect(RankContext(variables: { _ in nil }).isEmpty)
    }
}
