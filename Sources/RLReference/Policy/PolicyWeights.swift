import Foundation

/// A published policy: its version (the number of trainer steps behind it) and its parameters.
///
/// The trainer publishes with ``publish(to:)`` (temp file + rename, so readers see the old or the new
/// file, never a torn one); the inference server and the orchestrator read with ``load(from:)``.
public struct PolicyWeights: Codable, Sendable, Equatable {
    /// The number of optimizer steps applied; 0 is the initial (uniform) policy.
    public var version: Int
    /// The policy parameters (``TabularPolicy/parameters``).
    public var parameters: [Double]

    /// Creates a weights record.
    /// - Parameters:
    ///   - version: the number of optimizer steps applied.
    ///   - parameters: the policy parameters.
    public init(version: Int, parameters: [Double]) {
        self.version = version
        self.parameters = parameters
    }

    /// Writes the weights atomically to `path`.
    /// - Parameter path: usually ``RunPaths/weightsFile``.
    public func publish(to path: String) throws {
        try AtomicFile.write(JSONEncoder().encode(self), to: path)
    }

    /// Reads weights from `path`, or nil when nothing was published yet.
    /// - Parameter path: usually ``RunPaths/weightsFile``.
    public static func load(from path: String) throws -> PolicyWeights? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try JSONDecoder().decode(PolicyWeights.self, from: data)
    }

    /// The version published at `path` (0 when nothing was published yet).
    /// - Parameter path: usually ``RunPaths/weightsFile``.
    public static func publishedVersion(at path: String) -> Int {
        (try? load(from: path))?.version ?? 0
    }
}
