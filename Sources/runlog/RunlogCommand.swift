import ArgumentParser

/// `runlog`: tools for watching a run's logs.
@main
struct RunlogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runlog",
        abstract: "Watch the logs of a Runlog run.",
        subcommands: [FollowCommand.self]
    )
}
