// rankrun: a torchrun-compatible rank launcher on top of RunlogSupervisor.
let arguments = ArgumentSpelling.normalize(Array(CommandLine.arguments.dropFirst()))
if ArgumentSpelling.asksForHelp(arguments) {
    print(RankRunCommand.helpMessage())
} else {
    RankRunCommand.main(arguments)
}
