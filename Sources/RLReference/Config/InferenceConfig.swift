public import RunlogConfig

/// Configuration of the inference server component (`[inference]` in the user's TOML).
///
/// Keys (snake_case, all optional):
/// - `output_dir` (`"outputs"`): the run's output directory; the server reads the weights the trainer
///   publishes from ``RunPaths/weightsFile``.
/// - `host` (`"127.0.0.1"`, loopback only), `port` (`0` = a free port chosen by the kernel).
/// - `port_file` (`""` = `{output_dir}/run/inference.port`): where the server writes the port it bound,
///   atomically (temp file + rename), so the orchestrator can find it.
/// - `seed` (`0`): seed of the sampler.
/// - `log.level` (`"info"`).
public struct InferenceConfig: ConfigSection, Sendable, Equatable {
    /// The run's output directory.
    public var outputDir = "outputs"
    /// The address to listen on; only loopback addresses are accepted.
    public var host = "127.0.0.1"
    /// The TCP port; `0` asks the kernel for a free one.
    public var port = 0
    /// Where the bound port is written; empty means `{output_dir}/run/inference.port`.
    public var portFile = ""
    /// Seed of the sampling random number generator.
    public var seed: UInt64 = 0
    /// Logger settings.
    public var log = ComponentLogConfig()

    /// Creates the config with its defaults.
    public init() {}

    /// The port file actually used: `port_file`, or the default under `output_dir`.
    public var resolvedPortFile: String {
        portFile.isEmpty ? RunPaths(outputDir: outputDir).inferencePortFile : portFile
    }

    /// One-line help for each key.
    public static var keyDescriptions: [String: String] {
        [
            "output_dir": "the run's output directory (weights are read from {output_dir}/run/weights)",
            "host": "loopback address to listen on",
            "port": "TCP port; 0 picks a free port",
            "port_file": "file the bound port is written to; empty means {output_dir}/run/inference.port",
            "seed": "seed of the sampler",
            "log": "logger settings (level)",
        ]
    }

    /// Checks values that decoding cannot; the issue names the key and what is allowed.
    public func validate() throws(ConfigIssue) {
        guard (0...65535).contains(port) else {
            throw ConfigIssue(key: "port", "must be 0...65535 (0 picks a free port), got \(port)")
        }
        guard host == "127.0.0.1" || host == "localhost" else {
            throw ConfigIssue(key: "host", "must be the loopback address 127.0.0.1, got '\(host)'")
        }
        guard !outputDir.isEmpty else { throw ConfigIssue(key: "output_dir", "must not be empty") }
        try ComponentLogConfig.checkLevel(log.level, key: "log.level")
    }

    private enum CodingKeys: String, CodingKey {
        case outputDir = "output_dir"
        case host, port
        case portFile = "port_file"
        case seed, log
    }

    /// Decodes the config; a missing key keeps its default.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        outputDir = try c.decodeIfPresent(String.self, forKey: .outputDir) ?? outputDir
        host = try c.decodeIfPresent(String.self, forKey: .host) ?? host
        port = try c.decodeIfPresent(Int.self, forKey: .port) ?? port
        portFile = try c.decodeIfPresent(String.self, forKey: .portFile) ?? portFile
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? seed
        log = try c.decodeIfPresent(ComponentLogConfig.self, forKey: .log) ?? log
    }
}
