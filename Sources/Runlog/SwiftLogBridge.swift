import Logging

/// Routes swift-log into Runlog. The APPLICATION calls ``bootstrap(intercepting:)`` once at its entry point
/// (never a library, and never `setupLogger`, since swift-log's bootstrap may run only once per process).
///
/// Loggers whose label starts with one of the given prefixes log at that prefix's own level, independent of
/// the Runlog logger's level, and are shown as `[label]`: the analogue of prime-rl's `vf_level` for the
/// `verifiers` library. All other swift-log loggers log at the Runlog logger's level.
///
/// ```swift
/// try setupLogger(level: .debug, logFile: "outputs/logs/orchestrator.log")
/// SwiftLogBridge.bootstrap(intercepting: ["verifiers": .info])
/// Logger(label: "verifiers.math").debug("not shown")   // below the library's own level
/// Logger(label: "verifiers.math").info("shown")        // ...    INFO [verifiers.math] shown
/// ```
public enum SwiftLogBridge {
    /// Bootstraps swift-log's `LoggingSystem` with ``RunlogLogHandler``s. Call once per process.
    ///
    /// - Parameter prefixes: Label prefixes of intercepted libraries and the level each logs at.
    public static func bootstrap(intercepting prefixes: [String: LogLevel]) {
        LoggingSystem.bootstrap { label in makeHandler(label: label, intercepting: prefixes) }
    }

    /// The handler `bootstrap` makes for `label`; use it with `Logger(label:factory:)` where bootstrapping is
    /// not possible (tests, or a process that already bootstrapped swift-log).
    ///
    /// - Parameters:
    ///   - label: The swift-log label.
    ///   - prefixes: Label prefixes of intercepted libraries and their levels; the longest match wins.
    ///   - logger: A fixed Runlog logger, or `nil` to follow the process-wide one.
    /// - Returns: A handler pinned to the matching prefix's level and showing `[label]`, or one following the
    ///   Runlog logger's level when no prefix matches.
    public static func makeHandler(
        label: String,
        intercepting prefixes: [String: LogLevel],
        logger: RunlogLogger? = nil
    ) -> RunlogLogHandler {
        let match = prefixes.filter { label.hasPrefix($0.key) }.max { $0.key.count < $1.key.count }
        if let match {
            return RunlogLogHandler(label: label, logger: logger, level: match.value, showsLabel: true)
        }
        return RunlogLogHandler(label: label, logger: logger)
    }
}
