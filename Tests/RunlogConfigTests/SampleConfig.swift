import RunlogConfig

/// A configuration shaped like a launcher's: nested sections, an array of sections, an enum, counts.
struct SampleConfig: ConfigSection, Equatable {
    var outputDir = "outputs"
    var log = LogSection()
    var trainer = TrainerSection()
    var orchestrator = OrchestratorSection()

    enum CodingKeys: String, CodingKey {
        case outputDir = "output_dir"
        case log, trainer, orchestrator
    }

    static var keyDescriptions: [String: String] {
        ["output_dir": "Where outputs go", "trainer.nproc_per_node": "Ranks per node"]
    }
}

enum Verbosity: String, Codable, CaseIterable {
    case debug, info, warning
}

struct LogSection: ConfigSection, Equatable {
    var level = Verbosity.info
    var envWorkerLogs = false

    enum CodingKeys: String, CodingKey {
        case level
        case envWorkerLogs = "env_worker_logs"
    }
}

struct TrainerSection: ConfigSection, Equatable {
    var nprocPerNode = 1
    var learningRate = 0.5
    var seed: UInt32 = 7
    var command: [String] = []

    enum CodingKeys: String, CodingKey {
        case nprocPerNode = "nproc_per_node"
        case learningRate = "learning_rate"
        case seed, command
    }

    func validate() throws(ConfigIssue) {
        if nprocPerNode < 1 { throw ConfigIssue(key: "nproc_per_node", "must be at least 1, got \(nprocPerNode)") }
    }
}

struct OrchestratorSection: ConfigSection, Equatable {
    var log = LogSection()
    var env = [EnvSection(name: "reverse_text"), EnvSection(name: "add_digits")]
}

struct EnvSection: ConfigSection, Equatable {
    var name = "env"
    var workersPerEnv = 1

    init() {}

    init(name: String) {
        self.name = name
    }

    enum CodingKeys: String, CodingKey {
        case name
        case workersPerEnv = "workers_per_env"
    }

    func validate() throws(ConfigIssue) {
        if workersPerEnv < 1 { throw ConfigIssue(key: "workers_per_env", "must be at least 1") }
    }
}
