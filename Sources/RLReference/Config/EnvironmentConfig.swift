public import RunlogConfig

/// One environment the orchestrator trains on (an element of `[[orchestrator.env]]`).
///
/// Keys (snake_case, all optional):
/// - `id` (`"reverse_text"`): which built-in environment; one of ``EnvironmentRegistry/ids``.
/// - `name` (`""` = the id): the name used in log tags (`{name}_{i}`) and log file names
///   (`logs/env_workers/{name}.log`); validated by ``EnvironmentName/validate(_:)``.
/// - `workers_per_env` (`2`): how many env-worker subprocesses serve this environment.
public struct EnvironmentConfig: ConfigSection, Sendable, Equatable {
    /// The built-in environment to run.
    public var id = "reverse_text"
    /// The display and file name; empty means ``id``.
    public var name = ""
    /// The number of env-worker subprocesses for this environment.
    public var workersPerEnv = 2

    /// Creates the section with its defaults.
    public init() {}

    /// Creates an environment entry.
    /// - Parameters:
    ///   - id: the built-in environment, e.g. `"add_digits"`.
    ///   - name: the log name; empty means `id`.
    ///   - workersPerEnv: the number of worker subprocesses.
    public init(id: String, name: String = "", workersPerEnv: Int = 2) {
        self.id = id
        self.name = name
        self.workersPerEnv = workersPerEnv
    }

    /// The name actually used: ``name``, or ``id`` when it is empty.
    public var resolvedName: String { name.isEmpty ? id : name }

    /// One-line help for each key.
    public static var keyDescriptions: [String: String] {
        [
            "id": "built-in environment: \(EnvironmentRegistry.ids.joined(separator: ", "))",
            "name": "name in log tags and file names (logs/env_workers/{name}.log); empty means the id",
            "workers_per_env": "number of env-worker subprocesses for this environment",
        ]
    }

    /// Checks the id, the name and the worker count.
    public func validate() throws(ConfigIssue) {
        guard EnvironmentRegistry.ids.contains(id) else {
            throw ConfigIssue(
                key: "id",
                "unknown environment '\(id)': use one of \(EnvironmentRegistry.ids.joined(separator: ", "))"
            )
        }
        if !name.isEmpty {
            do {
                try EnvironmentName.validate(name)
            } catch {
                throw ConfigIssue(key: "name", error.message)
            }
        }
        guard (1...64).contains(workersPerEnv) else {
            throw ConfigIssue(key: "workers_per_env", "must be 1...64, got \(workersPerEnv)")
        }
    }

    private enum CodingKeys: String, CodingKey {
        case id, name
        case workersPerEnv = "workers_per_env"
    }

    /// Decodes the section; a missing key keeps its default.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decodeIfPresent(String.self, forKey: .id) ?? id
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? name
        workersPerEnv = try c.decodeIfPresent(Int.self, forKey: .workersPerEnv) ?? workersPerEnv
    }
}
