import ArgumentParser
import Foundation
import Glibc
import Runlog
import RunlogWatch

/// `runlog follow [OUTPUT_DIR]`: every log of a run in one stream.
struct FollowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "follow",
        abstract: "Follow every log of a run at once, in one stream.",
        discussion: """
            Each line is prefixed by its source (rl, inference, orchestrator, trainer/0, env/reverse_text, ...). \
            Lines from different files are ordered by their timestamps; the same line from several ranks or \
            workers is shown once with [repeated Nx across ranks]. New files, truncated files and a new run \
            replacing OUTPUT_DIR/logs are followed. Set RUNLOG_NO_DEDUP=1 to turn collapsing off.
            """
    )

    enum ColourChoice: String, ExpressibleByArgument, CaseIterable {
        case auto, always, never
    }

    @Argument(help: "The run's output directory (the folder that holds logs/).")
    var outputDirectory: String = "outputs"

    @Option(
        name: .long,
        help: "Show only lines at this level or above (trace, debug, info, success, warning, error, critical)."
    )
    var level: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Show only these sources; a shell pattern such as 'trainer/*'. Repeatable.",
            valueName: "pattern"
        )
    )
    var source: [String] = []

    @Option(name: .long, help: ArgumentHelp("Show only lines matching this regular expression.", valueName: "regex"))
    var grep: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Show only lines from this long ago (30s, 5m, 1h30m, 2d) or since an ISO-8601 time.",
            valueName: "time"
        )
    )
    var since: String?

    @Flag(
        inversion: .prefixedNo,
        help: "Keep following after printing what the logs hold (--no-follow prints and exits)."
    )
    var follow = true

    @Flag(name: .long, help: "Print one JSON object per line, with a source field.")
    var json = false

    @Option(name: .long, help: "Colour the output: auto (on a terminal unless NO_COLOR is set), always or never.")
    var color: ColourChoice = .auto

    @Flag(name: .long, help: "Do not collapse the same line from several sources (also RUNLOG_NO_DEDUP=1).")
    var noDedup = false

    @Option(
        name: .long,
        help: ArgumentHelp("Seconds a line is held to order lines from different files by time.", valueName: "seconds")
    )
    var reorderWindow: Double = 0.1

    @Option(
        name: .long,
        help: ArgumentHelp("Seconds a line waits for the same line from other sources.", valueName: "seconds")
    )
    var dedupWindow: Double = 0.2

    func validate() throws {
        if let level {
            do { _ = try LogLevel(parsing: level) } catch { throw ValidationError(error.description) }
        }
        if let since {
            do { _ = try SinceArgument.parse(since) } catch { throw ValidationError(error.description) }
        }
        if let grep {
            do { _ = try LineFilter(grep: grep) } catch { throw ValidationError(error.description) }
        }
        guard reorderWindow >= 0, reorderWindow <= 10, dedupWindow >= 0, dedupWindow <= 10 else {
            throw ValidationError("--reorder-window and --dedup-window take seconds between 0 and 10, for example 0.2")
        }
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let colour: Bool
        switch color {
        case .always: colour = true
        case .never: colour = false
        case .auto:
            colour = isatty(STDOUT_FILENO) == 1 && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
        }
        let filter = try LineFilter(
            minimumLevel: try level.map { level throws(RunlogError) in try LogLevel(parsing: level) },
            sourcePatterns: source,
            grep: grep,
            since: try since.map { since throws(WatchError) in try SinceArgument.parse(since) }
        )
        let options = FollowOptions(
            outputDirectory: outputDirectory,
            follow: follow,
            json: json,
            colour: colour,
            collapseRepeats: !noDedup && !RepeatedLineCollapser<String>.isDisabled(by: environment),
            reorderWindow: reorderWindow,
            repeatWindow: dedupWindow
        )
        do {
            try RunFollower(options: options, filter: filter).run()
        } catch {
            FileHandle.standardError.write(Data("runlog: \(error.description)\n".utf8))
            throw ExitCode(1)
        }
    }
}
