import Foundation
import RankLaunchOptions
import RunlogSupervisor

/// Everything fixed for one run of rankrun: world sizes, rendezvous, streams and the per-rank ChildSpecs
/// of each attempt.
struct RankLayout {
    var localWorldSize: Int
    var nodeCount: Int
    var nodeRank: Int
    var role: String
    var runID: String
    var masterAddress: String
    var masterPort: Int
    var maxRestarts: Int
    var logDirectory: String
    var redirects: StreamSelectionSetting
    var tee: StreamSelectionSetting
    var localRanksFilter: Set<Int>?
    var command: [String]
    var baseEnvironment: [String: String]
    /// `--log-line-prefix-template`, else TORCHELASTIC_LOG_LINE_PREFIX_TEMPLATE, else nil for the default.
    var prefixTemplate: String?

    var worldSize: Int { nodeCount * localWorldSize }

    /// How many local ranks have a tee'd stream on the console: only then can the same line arrive from
    /// several ranks, so only then is it worth holding lines to collapse repeats.
    var consoleRankCount: Int {
        (0..<localWorldSize).filter { localRank in
            (localRanksFilter?.contains(localRank) ?? true) && !tee.selection(forLocalRank: localRank).isEmpty
        }.count
    }

    /// The folder of this run id's attempts.
    var runDirectory: String { (logDirectory as NSString).appendingPathComponent(runID) }

    /// Creates the first free `attempt_{N}` folder (never reusing one, even from an earlier run with the
    /// same id) and returns its path.
    func createAttemptDirectory(startingAt first: Int) throws(RankRunError) -> (number: Int, path: String) {
        do {
            try FileManager.default.createDirectory(atPath: runDirectory, withIntermediateDirectories: true)
        } catch {
            throw RankRunError("cannot create log folder \(runDirectory): \(error); check --log-dir")
        }
        var number = first
        while true {
            let path = (runDirectory as NSString).appendingPathComponent("attempt_\(number)")
            if mkdir(path, 0o755) == 0 {
                return (number, path)
            }
            guard errno == EEXIST else {
                throw RankRunError("cannot create \(path): \(String(cString: strerror(errno))); check --log-dir")
            }
            number += 1
        }
    }

    /// The prefix of a rank's console lines: `[{role}{local_rank}]:`, or the template
    /// (`--log-line-prefix-template` or TORCHELASTIC_LOG_LINE_PREFIX_TEMPLATE) with `${role_name}`, `${rank}` and `${local_rank}` filled in.
    func linePrefix(localRank: Int) -> String {
        guard let template = prefixTemplate else {
            return "[\(role)\(localRank)]:"
        }
        return
            template
            .replacingOccurrences(of: "${role_name}", with: role)
            .replacingOccurrences(of: "${rank}", with: String(nodeRank * localWorldSize + localRank))
            .replacingOccurrences(of: "${local_rank}", with: String(localRank))
    }

    /// The spec of one rank in one attempt.
    func spec(localRank: Int, attemptDirectory: String, restartCount: Int) -> ChildSpec {
        let rank = nodeRank * localWorldSize + localRank
        let rankDirectory = (attemptDirectory as NSString).appendingPathComponent(String(localRank))
        try? FileManager.default.createDirectory(atPath: rankDirectory, withIntermediateDirectories: true)
        let errorFile = (rankDirectory as NSString).appendingPathComponent("error.json")

        var environment = baseEnvironment
        let values: [String: String] = [
            "RANK": String(rank), "LOCAL_RANK": String(localRank), "GROUP_RANK": String(nodeRank),
            "ROLE_RANK": String(rank), "ROLE_NAME": role, "LOCAL_WORLD_SIZE": String(localWorldSize),
            "WORLD_SIZE": String(worldSize), "GROUP_WORLD_SIZE": String(nodeCount),
            "ROLE_WORLD_SIZE": String(worldSize), "MASTER_ADDR": masterAddress, "MASTER_PORT": String(masterPort),
            "TORCHELASTIC_RESTART_COUNT": String(restartCount), "TORCHELASTIC_MAX_RESTARTS": String(maxRestarts),
            "TORCHELASTIC_RUN_ID": runID, "TORCHELASTIC_ERROR_FILE": errorFile,
        ]
        environment.merge(values) { _, new in new }
        if localWorldSize > 1 && environment["OMP_NUM_THREADS"] == nil {
            environment["OMP_NUM_THREADS"] = "1"
        }
        if environment["PYTHONUNBUFFERED"] == nil {
            environment["PYTHONUNBUFFERED"] = "1"  // Python ranks: lines reach files as they are printed
        }

        var spec = ChildSpec(
            name: "\(role)\(localRank)",
            executable: command[0],
            arguments: Array(command.dropFirst()),
            environment: environment
        )
        let teeSelection = tee.selection(forLocalRank: localRank)
        let redirected = redirects.selection(forLocalRank: localRank).union(teeSelection)  // tee implies a file
        let shown = localRanksFilter.map { $0.contains(localRank) } ?? true
        let prefix = linePrefix(localRank: localRank)
        func destination(_ stream: StreamSelection, file: String) -> OutputDestination {
            let path = (rankDirectory as NSString).appendingPathComponent(file)
            if redirected.contains(stream) {
                return teeSelection.contains(stream) && shown
                    ? .fileAndConsole(path: path, linePrefix: prefix) : .file(path: path)
            }
            return shown ? .inherit : .discard
        }
        spec.standardOutput = destination(.standardOutput, file: "stdout.log")
        spec.standardError = destination(.standardError, file: "stderr.log")
        spec.errorFile = errorFile
        spec.summaryFields = [SummaryField("rank", "\(rank) (local_rank: \(localRank))")]
        for (stream, file) in [(StreamSelection.standardError, "stderr.log"), (.standardOutput, "stdout.log")]
        where redirected.contains(stream) {
            spec.summaryLogFiles.append((rankDirectory as NSString).appendingPathComponent(file))
        }
        return spec
    }
}
