/// torchrun's stream selector for `--redirects` and `--tee`: 0 none, 1 stdout, 2 stderr, 3 both.
struct StreamSelection: OptionSet, Hashable {
    let rawValue: Int

    static let none: StreamSelection = []
    static let standardOutput = StreamSelection(rawValue: 1)
    static let standardError = StreamSelection(rawValue: 2)
    static let both: StreamSelection = [.standardOutput, .standardError]
}

/// A `--redirects`/`--tee` value: one selection for every local rank, or a per-rank map such as
/// `0:3,1:0` (ranks missing from the map get 0).
enum StreamSelectionSetting: Equatable {
    case all(StreamSelection)
    case perRank([Int: StreamSelection])

    /// Parses torchrun's spellings; the error names the accepted forms.
    init(parsing text: String, flag: String) throws(RankRunError) {
        let usage =
            "\(flag) '\(text)' is not valid: use 0 (none), 1 (stdout), 2 (stderr), 3 (both), "
            + "or a per-local-rank map such as 0:3,1:0"
        if let value = Self.selection(text) {
            self = .all(value)
            return
        }
        var map: [Int: StreamSelection] = [:]
        for entry in text.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = entry.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, let rank = Int(parts[0]), rank >= 0, parts[0].allSatisfy(\.isASCII),
                let value = Self.selection(String(parts[1]))
            else {
                throw RankRunError(usage)
            }
            guard map[rank] == nil else {
                throw RankRunError("\(flag) '\(text)' names local rank \(rank) twice: give each rank once")
            }
            map[rank] = value
        }
        self = .perRank(map)
    }

    /// The selection of `localRank`.
    func selection(forLocalRank localRank: Int) -> StreamSelection {
        switch self {
        case .all(let value): return value
        case .perRank(let map): return map[localRank] ?? .none
        }
    }

    /// Checks that a per-rank map only names ranks that exist.
    func validate(localWorldSize: Int, flag: String) throws(RankRunError) {
        guard case .perRank(let map) = self else { return }
        if let bad = map.keys.sorted().first(where: { $0 >= localWorldSize }) {
            throw RankRunError(
                "\(flag) names local rank \(bad), but --nproc-per-node is \(localWorldSize) "
                    + "(local ranks 0...\(localWorldSize - 1))"
            )
        }
    }

    private static func selection(_ text: String) -> StreamSelection? {
        guard text.count == 1, let value = Int(text), (0...3).contains(value) else { return nil }
        return StreamSelection(rawValue: value)
    }
}

/// A usage error of rankrun, with the fix in its message.
struct RankRunError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
