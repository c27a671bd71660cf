import Foundation
import RLReference

/// A component's program and leading arguments, resolved and checked before anything is started.
struct ComponentCommand: Sendable {
    /// The executable path (or a name found in `PATH`).
    var executable: String
    /// Arguments before the ones `rl` adds.
    var arguments: [String]

    /// Resolves a configured command; an empty one is the built-in executable next to `rl`.
    /// - Parameters:
    ///   - configured: the command from `[launcher]`.
    ///   - builtIn: the executable name built next to `rl`.
    ///   - key: the config key, for errors.
    static func resolve(_ configured: [String], builtIn: String, key: String) throws(LaunchError) -> ComponentCommand {
        guard let first = configured.first else {
            let path = ComponentLaunch.executable(named: builtIn)
            guard FileManager.default.isExecutableFile(atPath: path) else {
                throw LaunchError(
                    "the \(builtIn) executable is missing at \(path); build the package (swift build) or set launcher.\(key)"
                )
            }
            return ComponentCommand(executable: path, arguments: [])
        }
        guard findExecutable(first) != nil else {
            throw LaunchError(
                "launcher.\(key): '\(first)' is not an executable file or a program in PATH; fix the path"
            )
        }
        return ComponentCommand(executable: first, arguments: Array(configured.dropFirst()))
    }

    /// The full path of a program: as given when it contains a `/`, else searched in `PATH`.
    static func findExecutable(_ name: String) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
