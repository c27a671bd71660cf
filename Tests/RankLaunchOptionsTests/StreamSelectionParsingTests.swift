import RankLaunchOptions
import Testing

/// torchrun's `--redirects`/`--tee` spellings: accepted forms, rejected junk with a message that names the fix.
@Suite struct StreamSelectionParsingTests {
    @Test func aSingleDigitSelectsTheSameStreamsForEveryRank() throws {
        let setting = try StreamSelectionSetting(parsing: "3", flag: "--tee")
        #expect(setting == .all(.both))
        #expect(setting.selection(forLocalRank: 7) == .both)
    }

    @Test func aPerRankMapSelectsNothingForRanksItLeavesOut() throws {
        let setting = try StreamSelectionSetting(parsing: "1:2,0:1", flag: "--redirects")
        #expect(setting == .perRank([0: .standardOutput, 1: .standardError]))
        #expect(setting.selection(forLocalRank: 2) == StreamSelection.none)
        #expect(setting.description == "0:1,1:2")
    }

    @Test(arguments: [
        "", "4", "33", "0:3,x", "0:3,", ":3", "0:", "0:4", "0:3:1", "-1:3", "+0:3", " 0:3", "0:3 ", "a:1",
    ])
    func badSyntaxNamesTheAcceptedForms(_ text: String) {
        #expect {
            try StreamSelectionSetting(parsing: text, flag: "--redirects")
        } throws: { error in
            let message = (error as? RankRunError)?.description ?? ""
            return message.hasPrefix("--redirects")
                && message.contains(
                    "use 0 (none), 1 (stdout), 2 (stderr), 3 (both), or a per-local-rank map such as 0:3,1:0"
                )
        }
    }

    @Test func aRankGivenTwiceIsRejected() {
        #expect {
            try StreamSelectionSetting(parsing: "0:3,1:1,0:1", flag: "--tee")
        } throws: { error in
            (error as? RankRunError)?.description == "--tee '0:3,1:1,0:1' names local rank 0 twice: give each rank once"
        }
    }

    @Test func ranksOutOfRangeAreRejectedAtValidation() throws {
        let setting = try StreamSelectionSetting(parsing: "0:3,9:1,4:2", flag: "--tee")
        try setting.validate(localWorldSize: 10, flag: "--tee")
        #expect {
            try setting.validate(localWorldSize: 4, flag: "--tee")
        } throws: { error in
            (error as? RankRunError)?.description
                == "--tee names local rank 4, but --nproc-per-node is 4 (local ranks 0...3)"
        }
        #expect(throws: RankRunError.self) {
            try StreamSelectionSetting(parsing: "99999999999999999999:3", flag: "--tee")
        }
    }

    @Test func aWholeGroupSelectionNeedsNoValidation() throws {
        try StreamSelectionSetting(parsing: "2", flag: "--tee").validate(localWorldSize: 1, flag: "--tee")
    }
}
