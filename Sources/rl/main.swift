import Foundation
import RLLauncher

exit(RLCommand.main(arguments: Array(CommandLine.arguments.dropFirst())))
