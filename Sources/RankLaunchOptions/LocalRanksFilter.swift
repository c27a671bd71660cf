/// A `--local-ranks-filter` value: the local ranks whose tee'd output reaches the console, e.g. `0,2`.
///
/// ```swift
/// let shown = try LocalRanksFilter(parsing: "0,2").ranks  // [0, 2]
/// ```
public struct LocalRanksFilter: Equatable, Sendable, CustomStringConvertible {
    /// The ranks shown; never empty.
    public let ranks: Set<Int>

    /// Parses a comma-separated list of local ranks (decimal digits, no sign, no empty entry).
    ///
    /// - Parameter text: The flag's value.
    /// - Throws: A one-line ``RankRunError`` with an example of the accepted form.
    public init(parsing text: String) throws(RankRunError) {
        var ranks: Set<Int> = []
        for entry in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let rank = FlagText.localRank(entry) else {
                throw RankRunError(
                    "--local-ranks-filter \(FlagText.quoted(text)) must be a comma-separated list of local "
                        + "ranks, e.g. --local-ranks-filter=0,1,2"
                )
            }
            ranks.insert(rank)
        }
        self.ranks = ranks
    }

    /// The canonical spelling, which parses back to an equal filter: the ranks sorted, comma-separated.
    public var description: String {
        ranks.sorted().map(String.init).joined(separator: ",")
    }
}
