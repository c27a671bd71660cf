import Synchronization

/// The process-wide logger; `nil` until `setupLogger` and after `resetLogger`.
private let globalLogger = Mutex<RunlogLogger?>(nil)

/// Sets up the process-wide logger exactly once and returns it: a console sink on standard output and,
/// with `logFile`, a file sink (the file is deleted first unless `append`).
///
/// Call it once at the entry point; everywhere else call ``getLogger()``. It never touches swift-log's
/// global `LoggingSystem` (see ``SwiftLogBridge`` for that).
///
/// ```swift
/// import Runlog
///
/// let logger = try setupLogger(level: .info, logFile: "outputs/logs/rl.log")
/// logger.info("Hello world")
/// ```
///
/// - Parameters:
///   - level: The minimum level emitted. At `.debug` and below, text lines end with ` [file::line]`.
///   - logFile: A log file to write besides the console, or `nil`.
///   - append: Keep the file's existing content (workers sharing one file) instead of deleting it first.
///   - tag: Shown as `[tag]` on every line, for example the environment or component name.
///   - options: Colours, write modes, JSON lines, extra sinks, signal handling.
/// - Returns: The logger, also returned by ``getLogger()`` from now on.
/// - Throws: ``RunlogError`` when a logger is already set up, or the file cannot be opened.
@discardableResult
public func setupLogger(
    level: LogLevel = .info,
    logFile: String? = nil,
    append: Bool = false,
    tag: String? = nil,
    options: LoggerOptions = LoggerOptions()
) throws -> RunlogLogger {
    try globalLogger.withLock { current throws(RunlogError) -> RunlogLogger in
        if current != nil {
            throw RunlogError(
                .alreadySetUp,
                "setupLogger() was called twice: call setupLogger once at the entry point and getLogger() "
                    + "everywhere else (a subprocess that inherited a logger calls resetLogger() first)"
            )
        }
        let logger = try LoggerFactory.make(level: level, logFile: logFile, append: append, tag: tag, options: options)
        current = logger
        return logger
    }
}

/// Returns the process-wide logger.
///
/// - Returns: The logger made by ``setupLogger(level:logFile:append:tag:options:)``.
/// - Throws: ``RunlogError`` when `setupLogger` has not been called (or the logger was reset).
public func getLogger() throws -> RunlogLogger {
    guard let logger = globalLogger.withLock({ $0 }) else {
        throw RunlogError(
            .notSetUp,
            "getLogger() was called before setupLogger(): call setupLogger(level:logFile:...) once at the "
                + "entry point before any code logs"
        )
    }
    return logger
}

/// The process-wide logger, or `nil` before setup (used by the swift-log bridge, which must not throw).
func currentLogger() -> RunlogLogger? {
    globalLogger.withLock { $0 }
}

/// Flushes and clears the process-wide logger, so `setupLogger` may be called again: for subprocesses that
/// inherit state (env workers) and between tests. Loggers already handed out keep working.
public func resetLogger() {
    let previous = globalLogger.withLock { current -> RunlogLogger? in
        defer { current = nil }
        return current
    }
    previous?.flush()
}
