/// A `--redirects`/`--tee` value: one selection for every local rank, or a per-rank map such as
/// `0:3,1:0` (ranks missing from the map get 0).
///
/// ```swift
/// let tee = try StreamSelectionSetting(parsing: "0:3,1:0", flag: "--tee")
/// try tee.validate(localWorldSize: 2, flag: "--tee")
/// tee.selection(forLocalRank: 0)  // .both
/// ```
public enum StreamSelectionSetting: Equatable, Sendable, CustomStringConvertible {
    /// The same selection for every local rank.
    case all(StreamSelection)
    /// A selection per local rank; ranks missing from the map select nothing.
    case perRank([Int: StreamSelection])

    /// Parses torchrun's spellings: a digit 0...3, or comma-separated `RANK:DIGIT` entries, each local rank
    /// (decimal digits, no sign) at most once.
    ///
    /// - Parameters:
    ///   - text: The flag's value.
    ///   - flag: The flag's name, e.g. `--tee`, used in the error.
    /// - Throws: A one-line ``RankRunError`` that names the accepted forms.
    public init(parsing text: String, flag: String) throws(RankRunError) {
        let shown = FlagText.quoted(text)
        if let value = Self.selection(text) {
            self = .all(value)
            return
        }
        var map: [Int: StreamSelection] = [:]
        for entry in text.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = entry.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, let rank = FlagText.localRank(parts[0]),
                let value = Self.selection(String(parts[1]))
            else {
                throw RankRunError(
                    "\(flag) \(shown) is not valid: use 0 (none), 1 (stdout), 2 (stderr), 3 (both), "
                        + "or a per-local-rank map such as 0:3,1:0"
                )
            }
            guard map[rank] == nil else {
                throw RankRunError("\(flag) \(shown) names local rank \(rank) twice: give each rank once")
            }
            map[rank] = value
        }
        self = .perRank(map)
    }

    /// The canonical spelling, which parses back to an equal setting: `3`, or a map sorted by rank.
    public var description: String {
        switch self {
        case .all(let value): return String(value.rawValue)
        case .perRank(let map):
            return map.keys.sorted().map { "\($0):\(map[$0]?.rawValue ?? 0)" }.joined(separator: ",")
        }
    }

    /// The selection of `localRank`.
    ///
    /// - Parameter localRank: A local rank.
    /// - Returns: Its selection; `.none` for a rank a per-rank map leaves out.
    public func selection(forLocalRank localRank: Int) -> StreamSelection {
        switch self {
        case .all(let value): return value
        case .perRank(let map): return map[localRank] ?? .none
        }
    }

    /// Checks that a per-rank map only names ranks that exist.
    ///
    /// - Parameters:
    ///   - localWorldSize: `--nproc-per-node`, 1 or more.
    ///   - flag: The flag's name, used in the error.
    /// - Throws: A ``RankRunError`` naming the first rank out of range and the valid ones.
    public func validate(localWorldSize: Int, flag: String) throws(RankRunError) {
        guard case .perRank(let map) = self else { return }
        if let bad = map.keys.sorted().first(where: { $0 >= localWorldSize }) {
            throw RankRunError(
                "\(flag) names local rank \(bad), but --nproc-per-node is \(localWorldSize) "
                    + "(local ranks 0...\(localWorldSize - 1))"
            )
        }
    }

    private static func selection(_ text: String) -> StreamSelection? {
        guard text.utf8.count == 1, let value = Int(text), (0...3).contains(value) else { return nil }
        return StreamSelection(rawValue: value)
    }
}
