/// A configuration struct whose `init()` gives the defaults of every key.
///
/// Keys missing from all sources take their default from `init()`, at every level: in the top-level
/// type, in nested sections and in each element of an array of sections (`[[orchestrator.env]]`).
/// After decoding, ``validate()`` checks values that the type system cannot (counts, ranges).
///
/// ```swift
/// struct TrainerConfig: ConfigSection {
///     var nprocPerNode = 1
///     enum CodingKeys: String, CodingKey { case nprocPerNode = "nproc_per_node" }
///     func validate() throws(ConfigIssue) {
///         if nprocPerNode < 1 { throw ConfigIssue(key: "nproc_per_node", "must be at least 1") }
///     }
/// }
/// ```
public protocol ConfigSection: Codable {
    /// Creates the section with its default values.
    init()

    /// Checks values after decoding; throw a ``ConfigIssue`` naming the key (relative to this section).
    func validate() throws(ConfigIssue)

    /// One-line descriptions of this section's keys (by TOML key), shown by command-line help.
    static var keyDescriptions: [String: String] { get }
}

extension ConfigSection {
    /// No checks beyond the types by default.
    public func validate() throws(ConfigIssue) {}

    /// No descriptions by default.
    public static var keyDescriptions: [String: String] { [:] }
}

/// A problem that ``ConfigSection/validate()`` found in one of its keys.
public struct ConfigIssue: Error, Sendable, Equatable {
    /// The key relative to the section (`nproc_per_node`, or `log.level` for a nested one); nil for the
    /// section as a whole.
    public var key: String?
    /// What is wrong and what is allowed, e.g. `must be at least 1`.
    public var message: String

    /// Creates an issue.
    /// - Parameters:
    ///   - key: the key relative to the section, or nil for the whole section.
    ///   - message: what is wrong and what is allowed.
    public init(key: String? = nil, _ message: String) {
        self.key = key
        self.message = message
    }
}
