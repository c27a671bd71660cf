extension RunlogLogger {
    // The same level methods for a message that is already a `String` (a variable, a concatenation). Literals
    // and interpolations pick the `LogMessage` overloads, which build no `String`.

    /// Logs a `String` message at trace level.
    ///
    /// - Parameters:
    ///   - message: Evaluated only when trace is enabled.
    ///   - file: The source file (default `#fileID`).
    ///   - function: The function (default `#function`).
    ///   - line: The line (default `#line`).
    @inlinable @_disfavoredOverload
    public func trace(
        _ message: @autoclosure () -> String,
        file: String = #fileID,
        function: String = #function,
        line: UInt = #line
    ) {
        if LogLevel.trace.rawValue >= threshold {
            emitText(.trace, message(), file: file, function: function, line: line)
        }
    }

    /// Logs a `String` message at debug level.
    ///
    /// - Parameters:
    ///   - message: Evaluated only when debug is enabled.
    ///   - file: The source file (default `#fileID`).
    ///   - function: The function (default `#function`).
    ///   - line: The line (default `#line`).
    @inlinable @_disfavoredOverload
    public func debug(
        _ message: @autoclosure () -> String,
        file: String = #fileID,
        function: String = #function,
        line: UInt = #line
    ) {
        if LogLevel.debug.rawValue >= threshold {
            emitText(.debug, message(), file: file, function: function, line: line)
        }
    }

    /// Logs a `String` message at info level.
    ///
    /// - Parameters:
    ///   - message: Evaluated only when info is enabled.
    ///   - file: The source file (default `#fileID`).
    ///   - function: The function (default `#function`).
    ///   - line: The line (default `#line`).
    @inlinable @_disfavoredOverload
    public func info(
        _ message: @autoclosure () -> String,
        file: String = #fileID,
        function: String = #function,
        line: UInt = #line
    ) {
        if LogLevel.info.rawValue >= threshold {
            emitText(.info, message(), file: file, function: function, line: line)
        }
    }

    /// Logs a `String` message at success level.
    ///
    /// - Parameters:
    ///   - message: Evaluated only when success is enabled.
    ///   - file: The source file (default `#fileID`).
    ///   - function: The function (default `#function`).
    ///   - line: The line (default `#line`).
    @inlinable @_disfavoredOverload
    public func success(
        _ message: @autoclosure () -> String,
        file: String = #fileID,
        function: String = #function,
        line: UInt = #line
    ) {
        if LogLevel.success.rawValue >= threshold {
            emitText(.success, message(), file: file, function: function, line: line)
        }
    }

    /// Logs a `String` message at warning level.
    ///
    /// - Parameters:
    ///   - message: Evaluated only when warning is enabled.
    ///   - file: The source file (default `#fileID`).
    ///   - function: The function (default `#function`).
    ///   - line: The line (default `#line`).
    @inlinable @_disfavoredOverload
    public func warning(
        _ message: @autoclosure () -> String,
        file: String = #fileID,
        function: String = #function,
        line: UInt = #line
    ) {
        if LogLevel.warning.rawValue >= threshold {
            emitText(.warning, message(), file: file, function: function, line: line)
        }
    }

    /// Logs a `String` message at error level.
    ///
    /// - Parameters:
    ///   - message: Evaluated only when error is enabled.
    ///   - file: The source file (default `#fileID`).
    ///   - function: The function (default `#function`).
    ///   - line: The line (default `#line`).
    @inlinable @_disfavoredOverload
    public func error(
        _ message: @autoclosure () -> String,
        file: String = #fileID,
        function: String = #function,
        line: UInt = #line
    ) {
        if LogLevel.error.rawValue >= threshold {
            emitText(.error, message(), file: file, function: function, line: line)
        }
    }

    /// Logs a `String` message at critical level.
    ///
    /// - Parameters:
    ///   - message: Evaluated only when critical is enabled.
    ///   - file: The source file (default `#fileID`).
    ///   - function: The function (default `#function`).
    ///   - line: The line (default `#line`).
    @inlinable @_disfavoredOverload
    public func critical(
        _ message: @autoclosure () -> String,
        file: String = #fileID,
        function: String = #function,
        line: UInt = #line
    ) {
        if LogLevel.critical.rawValue >= threshold {
            emitText(.critical, message(), file: file, function: function, line: line)
        }
    }

    /// Logs a `String` message at `level`.
    ///
    /// - Parameters:
    ///   - level: The record's level.
    ///   - message: Evaluated only when `level` is enabled.
    ///   - file: The source file (default `#fileID`).
    ///   - function: The function (default `#function`).
    ///   - line: The line (default `#line`).
    @inlinable @_disfavoredOverload
    public func log(
        _ level: LogLevel,
        _ message: @autoclosure () -> String,
        file: String = #fileID,
        function: String = #function,
        line: UInt = #line
    ) {
        if level.rawValue >= threshold { emitText(level, message(), file: file, function: function, line: line) }
    }
}
