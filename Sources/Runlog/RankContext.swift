#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where this process sits in a multi-rank job, read from `RANK`, `LOCAL_RANK` and `WORLD_SIZE` (as set by
/// torchrun or Runlog's rank launcher) when the logger is set up.
///
/// The rank appears in JSON lines (`"rank"`) and, with ``LoggerOptions/showsRank``, in text lines.
public struct RankContext: Sendable, Equatable {
    /// The global rank, when `RANK` is set to an integer.
    public var rank: Int?
    /// The rank on this node, when `LOCAL_RANK` is set to an integer.
    public var localRank: Int?
    /// The number of ranks in the job, when `WORLD_SIZE` is set to an integer.
    public var worldSize: Int?

    /// Creates a rank context from explicit values.
    ///
    /// - Parameters:
    ///   - rank: The global rank.
    ///   - localRank: The rank on this node.
    ///   - worldSize: The number of ranks.
    public init(rank: Int? = nil, localRank: Int? = nil, worldSize: Int? = nil) {
        self.rank = rank
        self.localRank = localRank
        self.worldSize = worldSize
    }

    /// Reads `RANK`, `LOCAL_RANK` and `WORLD_SIZE` from the process environment; unset or non-integer
    /// variables are left `nil`.
    public static func fromEnvironment() -> RankContext {
        RankContext(variables: { name in getenv(name).map { String(cString: $0) } })
    }

    /// Reads `RANK`, `LOCAL_RANK` and `WORLD_SIZE` through `variables` (a process environment or a
    /// dictionary); unset or non-integer values are left `nil`.
    ///
    /// - Parameter variables: Looks up one variable by name.
    public init(variables: (String) -> String?) {
        func integer(_ name: String) -> Int? { variables(name).flatMap { Int($0.trimmingSpaces()) } }
        self.init(rank: integer("RANK"), localRank: integer("LOCAL_RANK"), worldSize: integer("WORLD_SIZE"))
    }

    /// Whether any of the three variables was set.
    public var isEmpty: Bool { rank == nil && localRank == nil && worldSize == nil }
}
