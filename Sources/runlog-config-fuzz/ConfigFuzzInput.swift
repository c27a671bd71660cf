import RunlogConfig

/// One fuzz input for the configuration loader: the first byte picks what the rest is fed to.
///
/// - `0`: a TOML document laid over the defaults of ``FuzzConfig``;
/// - `1`: a command line (arguments separated by NUL or newline), parsed and applied as overrides;
/// - `2`: environment variables (`NAME=value` lines) under the prefix `FUZZ__`.
///
/// Every outcome must be a value or a ``RunlogConfigError`` whose description is one line; anything else
/// (a trap, another error type, a multi-line message) is a bug.
enum ConfigFuzzInput {
    static func run(_ bytes: [UInt8]) {
        guard let mode = bytes.first else { return }
        let body = Array(bytes.dropFirst())
        let text = String(decoding: body, as: UTF8.self)
        let loader = ConfigLoader(FuzzConfig.self, environmentPrefix: "FUZZ__")
        do {
            switch mode % 3 {
            case 0:
                _ = try loader.load(toml: text, name: "fuzz.toml")
            case 1:
                let arguments = body.split(whereSeparator: { $0 == 0 || $0 == 10 })
                    .map { String(decoding: $0, as: UTF8.self) }
                let parsed = try ConfigArguments(parsing: arguments)
                _ = try loader.load(overrides: parsed.overrides)
            default:
                var environment: [String: String] = [:]
                for line in text.split(separator: "\n") {
                    let parts = line.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                    environment[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
                }
                _ = try loader.load(environment: environment)
            }
        } catch {
            precondition(!error.description.contains("\n"), "multi-line error: \(error.description)")
            precondition(!error.description.isEmpty, "empty error message")
        }
    }
}

/// A configuration with every kind of key the loader supports.
struct FuzzConfig: ConfigSection {
    var name = "run"
    var count = 1
    var small: UInt8 = 1
    var ratio = 0.5
    var flag = false
    var level = FuzzLevel.info
    var tags: [String] = []
    var section = FuzzSection()
    var items = [FuzzSection()]

    func validate() throws(ConfigIssue) {
        if count < 0 { throw ConfigIssue(key: "count", "must not be negative") }
    }
}

/// A nested section.
struct FuzzSection: ConfigSection {
    var size = 2
    var label = ""
}

/// An enumeration key.
enum FuzzLevel: String, Codable, CaseIterable {
    case debug, info
}
