/// How `runlog follow` reads and prints a run's logs (filters are in ``LineFilter``).
public struct FollowOptions: Sendable {
    /// The run's output folder; its logs are in `logs/` below it.
    public var outputDirectory: String
    /// Keep following after printing what the files hold (false for `--no-follow`).
    public var follow: Bool
    /// Print JSON objects instead of text lines.
    public var json: Bool
    /// Colour source prefixes and keep the lines' colours.
    public var colour: Bool
    /// Collapse the same line from several sources into one (see ``RepeatedLineCollapser``).
    public var collapseRepeats: Bool
    /// Seconds a line is held so that lines from different files come out in timestamp order.
    public var reorderWindow: Double
    /// Seconds a line waits for the same line from other sources.
    public var repeatWindow: Double

    /// Creates options.
    ///
    /// - Parameters:
    ///   - outputDirectory: The run's output folder, for example `outputs`.
    ///   - follow: Keep following (true) or print and exit (false).
    ///   - json: Print JSON objects.
    ///   - colour: Colour the output.
    ///   - collapseRepeats: Collapse repeated lines across sources.
    ///   - reorderWindow: Seconds to hold lines for ordering.
    ///   - repeatWindow: Seconds to wait for repeats.
    public init(
        outputDirectory: String,
        follow: Bool = true,
        json: Bool = false,
        colour: Bool = false,
        collapseRepeats: Bool = true,
        reorderWindow: Double = 0.1,
        repeatWindow: Double = 0.2
    ) {
        self.outputDirectory = outputDirectory
        self.follow = follow
        self.json = json
        self.colour = colour
        self.collapseRepeats = collapseRepeats
        self.reorderWindow = reorderWindow
        self.repeatWindow = repeatWindow
    }
}
