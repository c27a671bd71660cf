public import RunlogConfig

/// A configuration with every kind of key the loader supports: strings, integers (signed, unsigned, small),
/// floating point, booleans, an enumeration, arrays, a nested section and an array of sections.
public struct FuzzConfig: ConfigSection {
    public var name = "run"
    public var count = 1
    public var small: UInt8 = 1
    public var ratio = 0.5
    public var enabled = false
    public var level = FuzzLevel.info
    public var tags: [String] = []
    public var section = FuzzSection()
    public var items = [FuzzSection()]

    /// The defaults.
    public init() {}

    /// Rejects a negative count, like a real section would.
    public func validate() throws(ConfigIssue) {
        if count < 0 { throw ConfigIssue(key: "count", "must not be negative") }
    }
}

/// A nested section.
public struct FuzzSection: ConfigSection {
    public var size = 2
    public var label = ""

    /// The defaults.
    public init() {}
}

/// An enumeration key.
public enum FuzzLevel: String, Codable, CaseIterable, Sendable {
    case debug, info
}
