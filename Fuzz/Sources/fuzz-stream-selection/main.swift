import FuzzSupport
import RankLaunchOptions

#if canImport(Glibc)
import Glibc
#endif

// The first byte's low four bits are --nproc-per-node (0 means 16), so a seed written "4" + spec runs with 4
// local ranks; the rest is a flag value, parsed as --redirects/--tee (StreamSelectionSetting) and as
// --local-ranks-filter (LocalRanksFilter). Each parse must end in a value or a one-line, inert error that
// names the flag and the fix; parsing twice gives the same outcome; an accepted value's canonical spelling
// parses back to it; a map that passes validate(localWorldSize:) names only ranks 0..<localWorldSize, and
// one that fails names the rank out of range.
exit(
    LibFuzzerDriver.run { data, size in
        guard let data, size > 0 else { return 0 }
        let localWorldSize = data[0] & 0x0F == 0 ? 16 : Int(data[0] & 0x0F)
        let text = String(decoding: UnsafeBufferPointer(start: data + 1, count: size - 1), as: UTF8.self)
        checkStreamSelection(text, localWorldSize: localWorldSize)
        checkLocalRanksFilter(text)
        return 0
    }
)

func checkStreamSelection(_ text: String, localWorldSize: Int) {
    let setting: StreamSelectionSetting
    do throws(RankRunError) {
        setting = try StreamSelectionSetting(parsing: text, flag: "--tee")
    } catch {
        checkUsageError(
            error,
            flag: "--tee",
            fixes: ["use 0 (none), 1 (stdout), 2 (stderr), 3 (both)", "give each rank once"]
        )
        do throws(RankRunError) {
            _ = try StreamSelectionSetting(parsing: text, flag: "--tee")
            preconditionFailure("accepted on the second parse: \(text.debugDescription)")
        } catch let again {
            precondition(again.description == error.description, "a different error on the second parse")
        }
        return
    }
    precondition((try? StreamSelectionSetting(parsing: text, flag: "--tee")) == setting, "not deterministic")
    let spelling = setting.description
    precondition(
        (try? StreamSelectionSetting(parsing: spelling, flag: "--tee")) == setting,
        "\(text.debugDescription) does not round-trip through \(spelling.debugDescription)"
    )
    var ranks: [Int] = []
    switch setting {
    case .all(let value):
        precondition((0...3).contains(value.rawValue), "selection out of 0...3")
        precondition(text.utf8.count == 1, "a whole-group selection from more than one digit: \(text.debugDescription)")
    case .perRank(let map):
        precondition(!map.isEmpty, "an empty map was accepted")
        precondition(map.values.allSatisfy { (0...3).contains($0.rawValue) }, "selection out of 0...3")
        precondition(map.keys.allSatisfy { $0 >= 0 }, "a negative local rank was accepted")
        ranks = Array(map.keys)
    }
    do throws(RankRunError) {
        try setting.validate(localWorldSize: localWorldSize, flag: "--tee")
        precondition(ranks.allSatisfy { $0 < localWorldSize }, "a rank out of range passed validation")
    } catch {
        checkUsageError(error, flag: "--tee", fixes: ["--nproc-per-node is \(localWorldSize)"])
        let worst = ranks.filter { $0 >= localWorldSize }.min()
        precondition(worst.map { error.description.contains("local rank \($0),") } ?? false, "wrong rank named")
    }
}

func checkLocalRanksFilter(_ text: String) {
    let filter: LocalRanksFilter
    do throws(RankRunError) {
        filter = try LocalRanksFilter(parsing: text)
    } catch {
        checkUsageError(error, flag: "--local-ranks-filter", fixes: ["e.g. --local-ranks-filter=0,1,2"])
        precondition((try? LocalRanksFilter(parsing: text)) == nil, "accepted on the second parse")
        return
    }
    precondition((try? LocalRanksFilter(parsing: text)) == filter, "not deterministic")
    precondition(!filter.ranks.isEmpty && filter.ranks.allSatisfy { $0 >= 0 }, "empty or negative ranks")
    precondition((try? LocalRanksFilter(parsing: filter.description)) == filter, "does not round-trip")
}

/// A usage error is printed to a terminal before exit status 64: one inert line naming the flag and a fix.
func checkUsageError(_ error: RankRunError, flag: String, fixes: [String]) {
    let message = error.description
    precondition(!message.isEmpty, "empty error message")
    FuzzProperties.checkInert(Array(message.utf8), allowSGR: false, newlines: false)
    precondition(message.hasPrefix(flag), "the error does not name \(flag): \(message.debugDescription)")
    precondition(fixes.contains { message.contains($0) }, "the error names no fix: \(message.debugDescription)")
}
