import ArgumentParser
import Foundation
import Glibc
import RankLaunchOptions
import RunlogSupervisor
import RunlogWatch

/// `rankrun`: starts one process per local rank with torchrun's flags, environment and log layout.
struct RankRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rankrun",
        abstract: "Start one process per rank, like torchrun, with complete per-rank logs and prompt tee.",
        discussion: """
            Flags are spelled as in torchrun; --a-b and --a_b are both accepted. Exit status: 0 when every \
            rank succeeded, 1 when a rank failed (after the last restart), 127 when a rank could not be \
            started, 128+N when rankrun received signal N, 64 for a usage error.
            """
    )

    @Option(name: .customLong("nproc-per-node"), help: "Processes per node: a number, or cpu/auto for one per core.")
    var nprocPerNode = "1"
    @Option(help: "Number of nodes (static: N or N:N).")
    var nnodes = "1"
    @Option(name: .customLong("node-rank"), help: "This node's rank, 0..<nnodes.")
    var nodeRank = 0
    @Option(name: .customLong("rdzv-id"), help: "Run id; names the log folder. Default: a fresh random hex id.")
    var rdzvID: String?
    @Option(name: .customLong("rdzv-endpoint"), help: "HOST[:PORT] of rank 0; sets MASTER_ADDR and MASTER_PORT.")
    var rdzvEndpoint: String?
    @Option(name: .customLong("rdzv-backend"), help: "Accepted for compatibility; rendezvous is static.")
    var rdzvBackend = "static"
    @Option(name: .customLong("rdzv-conf"), help: "Accepted for compatibility; ignored.")
    var rdzvConf: String?
    @Flag(help: "Single node: a free local port for MASTER_PORT.")
    var standalone = false
    @Option(name: .customLong("master-addr"), help: "MASTER_ADDR when --rdzv-endpoint is not given.")
    var masterAddr = "127.0.0.1"
    @Option(name: .customLong("master-port"), help: "MASTER_PORT when --rdzv-endpoint is not given.")
    var masterPort = 29500
    @Option(help: "Role name: ROLE_NAME and the console prefix [{role}{local_rank}]:.")
    var role = "default"
    @Option(name: .customLong("max-restarts"), help: "Restart the whole group this many times after a failure.")
    var maxRestarts = 0
    @Option(name: .customLong("log-dir"), help: "Base folder of {rdzv_id}/attempt_{N}/{local_rank}/ logs.")
    var logDir: String?
    @Option(name: [.customShort("r"), .customLong("redirects")], help: "Streams to files: 0,1,2,3 or a map 0:3,1:0.")
    var redirects = "0"
    @Option(name: [.customShort("t"), .customLong("tee")], help: "Streams to files and console: 0,1,2,3 or a map.")
    var tee = "0"
    @Option(name: .customLong("local-ranks-filter"), help: "Local ranks shown on the console, e.g. 0,2.")
    var localRanksFilter: String?
    @Flag(
        name: .customLong("no-dedup"),
        help: "Print every tee'd line, even the same line from several ranks (also RUNLOG_NO_DEDUP=1)."
    )
    var noDedup = false
    @Flag(name: .customLong("no-python"), help: "Run the command directly (also the default for non-.py commands).")
    var noPython = false
    @Flag(name: [.customShort("m"), .customLong("module")], help: "Run the command as a Python module (python -m).")
    var module = false
    @Option(name: .customLong("grace-period"), help: "Seconds between SIGTERM and SIGKILL when stopping ranks.")
    var gracePeriod = 30.0
    @Option(name: .customLong("monitor-interval"), help: "Accepted for compatibility; exits are seen at once.")
    var monitorInterval: Double?
    @Option(name: .customLong("start-method"), help: "Accepted for compatibility; ranks are always exec'd.")
    var startMethod: String?
    @Option(
        name: .customLong("log-line-prefix-template"),
        help: "Console prefix template with ${role_name}, ${rank}, ${local_rank} (default [{role}{local_rank}]:)."
    )
    var logLinePrefixTemplate: String?
    @Argument(parsing: .captureForPassthrough, help: "The command and its arguments.")
    var command: [String] = []

    func validate() throws {
        _ = try makeLayout(creatingLogDirectory: false)
    }

    func run() throws {
        let layout = try makeLayout(creatingLogDirectory: true)
        let launcher = GroupLauncher(
            layout: layout,
            gracePeriod: .milliseconds(Int64(gracePeriod * 1000)),
            collapsesRepeats: !noDedup && layout.consoleRankCount > 1
                && !RepeatedLineCollapser<String>.isDisabled(by: ProcessInfo.processInfo.environment)
        )
        // Exits here rather than throwing ExitCode: ArgumentParser answers a thrown ExitCode by building the
        // whole help text first, only to print none of it, which was a tenth of rankrun's start-up CPU.
        Glibc.exit(launcher.runAllAttempts())
    }

    /// Checks every flag and builds the run's layout; errors name the fix.
    func makeLayout(creatingLogDirectory: Bool) throws -> RankLayout {
        var words = command
        if words.first == "--" {
            words.removeFirst()
        } else if let first = words.first, first.hasPrefix("-") {
            throw ValidationError(
                "unknown option '\(first)': rankrun takes torchrun's flags (see --help), then the command"
            )
        }
        guard !words.isEmpty else {
            throw ValidationError("missing the command to run, e.g. rankrun --nproc-per-node 2 train.py")
        }
        if module {
            words = ["python3", "-u", "-m"] + words
        } else if !noPython && words[0].hasSuffix(".py") {
            words = ["python3", "-u"] + words  // torchrun runs scripts with the Python interpreter
        }
        let localWorldSize = try parseProcessCount(nprocPerNode)
        let nodeCount = try parseNodeCount(nnodes)
        guard (0..<nodeCount).contains(nodeRank) else {
            throw ValidationError(
                "--node-rank \(nodeRank) is out of range: with --nnodes \(nodeCount) use 0...\(nodeCount - 1)"
            )
        }
        guard maxRestarts >= 0 else { throw ValidationError("--max-restarts must be 0 or more, got \(maxRestarts)") }
        guard gracePeriod >= 0 else { throw ValidationError("--grace-period must be 0 or more seconds") }
        let redirectSetting: StreamSelectionSetting
        let teeSetting: StreamSelectionSetting
        do throws(RankRunError) {
            redirectSetting = try StreamSelectionSetting(parsing: redirects, flag: "--redirects")
            teeSetting = try StreamSelectionSetting(parsing: tee, flag: "--tee")
            try redirectSetting.validate(localWorldSize: localWorldSize, flag: "--redirects")
            try teeSetting.validate(localWorldSize: localWorldSize, flag: "--tee")
        } catch {
            throw ValidationError(error.description)
        }
        let (address, port) = try rendezvous()
        var layout = RankLayout(
            localWorldSize: localWorldSize,
            nodeCount: nodeCount,
            nodeRank: nodeRank,
            role: role,
            runID: rdzvID ?? Self.randomID(),
            masterAddress: address,
            masterPort: port,
            maxRestarts: maxRestarts,
            logDirectory: logDir.map { URL(fileURLWithPath: $0).standardizedFileURL.path } ?? "",  // ranks may chdir
            redirects: redirectSetting,
            tee: teeSetting,
            localRanksFilter: try parseFilter(),
            command: words,
            baseEnvironment: ProcessInfo.processInfo.environment,
            prefixTemplate: logLinePrefixTemplate
                ?? ProcessInfo.processInfo.environment[
                    "TORCHELASTIC_LOG_LINE_PREFIX_TEMPLATE"
                ]
        )
        guard !layout.runID.isEmpty, !layout.runID.contains("/"), layout.runID != ".", layout.runID != ".." else {
            throw ValidationError("--rdzv-id '\(layout.runID)' cannot name a folder: use letters, digits, - or _")
        }
        if creatingLogDirectory && logDir == nil {
            let base = FileManager.default.temporaryDirectory.path
            layout.logDirectory = (base as NSString).appendingPathComponent("rankrun_" + Self.randomID())
        }
        return layout
    }

    private func parseProcessCount(_ text: String) throws -> Int {
        if text == "cpu" || text == "auto" {
            return ProcessInfo.processInfo.activeProcessorCount
        }
        guard let count = Int(text), count >= 1 else {
            throw ValidationError(
                "--nproc-per-node '\(text)' is not valid: give a number of processes (1 or more), or cpu"
            )
        }
        return count
    }

    private func parseNodeCount(_ text: String) throws -> Int {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
        guard let first = parts.first ?? nil, first >= 1, parts.count <= 2 else {
            throw ValidationError("--nnodes '\(text)' is not valid: give a number of nodes, e.g. --nnodes 2")
        }
        if parts.count == 2 && parts[1] != first {
            throw ValidationError(
                "--nnodes '\(text)': elastic node ranges are not supported; give one number (static rendezvous)"
            )
        }
        return first
    }

    private func parseFilter() throws -> Set<Int>? {
        guard let localRanksFilter else { return nil }
        do throws(RankRunError) {
            return try LocalRanksFilter(parsing: localRanksFilter).ranks
        } catch {
            throw ValidationError(error.description)
        }
    }

    private func rendezvous() throws -> (String, Int) {
        if standalone && rdzvEndpoint == nil {
            return ("127.0.0.1", FreePort.find() ?? masterPort)
        }
        guard let rdzvEndpoint else {
            guard (1...65535).contains(masterPort) else {
                throw ValidationError("--master-port \(masterPort) is not a port: use 1...65535")
            }
            return (masterAddr, masterPort)
        }
        let parts = rdzvEndpoint.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count <= 2, !parts[0].isEmpty else {
            throw ValidationError(
                "--rdzv-endpoint '\(rdzvEndpoint)' is not HOST:PORT, e.g. --rdzv-endpoint 10.0.0.1:29400"
            )
        }
        guard parts.count == 2 else { return (String(parts[0]), 29400) }
        guard let port = Int(parts[1]), (1...65535).contains(port) else {
            throw ValidationError("--rdzv-endpoint '\(rdzvEndpoint)': the port must be a number in 1...65535")
        }
        return (String(parts[0]), port)
    }

    static func randomID() -> String {
        (0..<8).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
    }
}
