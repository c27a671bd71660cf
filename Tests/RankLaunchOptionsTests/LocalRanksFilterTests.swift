import RankLaunchOptions
import Testing

/// `--local-ranks-filter`: a comma-separated list of local ranks; junk gets an error with an example.
@Suite struct LocalRanksFilterTests {
    @Test func aListOfRanksIsAccepted() throws {
        #expect(try LocalRanksFilter(parsing: "2,0,2").ranks == [0, 2])
        #expect(try LocalRanksFilter(parsing: "2,0,2").description == "0,2")
    }

    @Test(arguments: ["", ",", "0,", "a", "0,a", "-1", "+1", " 1", "1 ", "0x1", "99999999999999999999", "\u{663}"])
    func junkIsRejectedWithAnExample(_ text: String) {
        #expect {
            try LocalRanksFilter(parsing: text)
        } throws: { error in
            let message = (error as? RankRunError)?.description ?? ""
            return message.hasPrefix("--local-ranks-filter") && message.contains("e.g. --local-ranks-filter=0,1,2")
        }
    }

    @Test func controlCharactersInTheValueAreEscapedInTheError() {
        #expect {
            try LocalRanksFilter(parsing: "0\n\u{1B}]0;x\u{07}")
        } throws: { error in
            (error as? RankRunError)?.description.contains("'0\\u{a}\\u{1b}]0;x\\u{7}'") ?? false
        }
    }
}
