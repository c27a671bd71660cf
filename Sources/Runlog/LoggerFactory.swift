/// Builds the sinks and the logger that `setupLogger` installs.
enum LoggerFactory {
    static func make(
        level: LogLevel,
        logFile: String?,
        append: Bool,
        tag: String?,
        options: LoggerOptions
    ) throws(RunlogError) -> RunlogLogger {
        let layout = TextLayout(
            showsLocation: level <= .debug,
            showsMetadata: options.showsMetadata,
            showsRank: options.showsRank
        )
        var sinks: [any LogSink] = []
        if options.console {
            sinks.append(try ConsoleSink(color: options.consoleColor, layout: layout, mode: options.consoleMode))
        }
        if let logFile {
            sinks.append(
                try FileSink(
                    path: logFile,
                    append: append,
                    format: .text(colored: options.fileColor),
                    layout: layout,
                    mode: options.fileMode
                )
            )
        }
        if let jsonLinesFile = options.jsonLinesFile {
            sinks.append(try JSONLinesSink(path: jsonLinesFile, append: append, mode: options.jsonLinesMode))
        }
        let rank = options.rank ?? .fromEnvironment()
        if options.flightRecorder {
            for case let sink as any FlightRecordable in sinks {
                sink.armFlightRecorder(tag: tag, rank: rank)
            }
        }
        sinks.append(contentsOf: options.additionalSinks)
        return RunlogLogger(level: level, tag: tag, sinks: sinks, rank: rank)
    }
}
