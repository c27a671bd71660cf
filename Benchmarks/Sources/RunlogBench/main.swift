import BenchSupport
import CMallocCounter
import Runlog

// Runlog's benchmark (release mode). Prints one JSON line per run: {"name", "n", "secs", ...}; `secs` is the
// logging loop plus the final flush. Every mode that writes a file checks the file afterwards.
//
//   RunlogBench buffered <N> <file> [color]    P1: buffered file sink, 1 thread
//   RunlogBench durable <N> <file>             P2: durable file sink (one write(2) per record)
//   RunlogBench filtered <N> [inlined]         P3: debug calls on an info logger: ns per call, allocations
//   RunlogBench allocs <N> <file>              allocations per logged line (buffered, steady state)
//   RunlogBench message <N> [fast]             the cost of building the workload message alone
//   RunlogBench check-printf <N> <file>        checks another program's workload log: printf's decimals exactly
//   RunlogBench threads <T> <N> <file> <mode>  P4: T threads, N lines in total, mode buffered|durable
//   RunlogBench procs <P> <N> <file>           P5: P processes x N lines appending to one file (durable)
//   RunlogBench proc-child <N> <file> <id>     (internal: one P5 writer; waits for a byte on stdin)
//   RunlogBench tee-latency <N> <gap-us>       P6 rank: N lines `tee-latency <epoch ns>` on stdout, gap apart
//   RunlogBench tee-load <N> <cpu-file>        P6 rank: N workload lines through Runlog's console sink, then
//                                              its own CPU seconds into <cpu-file>.<LOCAL_RANK> (exit included
//                                              when RLBENCH_CPU_REPORTER names Peers/rank_cpu_report.c's build)
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

let arguments = CommandLine.arguments
guard arguments.count >= 3 else { BenchIO.fail("usage: RunlogBench <mode> <args...> (see main.swift)") }
let mode = arguments[1]

/// Sets up the process logger on `path`: no console, plain text, the given write mode.
func fileLogger(
    _ path: String,
    mode: WriteMode,
    color: Bool = false,
    append: Bool = false,
    tag: String? = nil
)
    -> RunlogLogger
{
    let options = LoggerOptions(console: false, fileColor: color, fileMode: mode)
    do {
        return try setupLogger(level: .info, logFile: path, append: append, tag: tag, options: options)
    } catch {
        BenchIO.fail("setupLogger: \(error)")
    }
}

/// `RLBENCH_CHECK=0` skips reading the file back (for instruction profiles of the logging alone).
let checksFiles = getenv("RLBENCH_CHECK").map { String(cString: $0) } != "0"

func allocationsPerCall(_ before: UInt64, _ count: Int) -> Double {
    rlbench_allocation_counter_active() != 0 ? Double(rlbench_allocation_count() - before) / Double(count) : -1
}

switch mode {
case "buffered", "durable":
    let count = BenchIO.intArgument(2)
    let path = arguments[3]
    let color = arguments.count > 4 && arguments[4] == "color"
    let logger = fileLogger(path, mode: mode == "buffered" ? .buffered : .durable, color: color)
    let allocationsBefore = rlbench_allocation_count()
    let start = BenchIO.now()
    for index in 0..<count {
        logger.info(
            "step \(index) | loss=\(Workload.loss(index), decimals: 4) reward=\(Workload.reward(index), decimals: 4)"
        )
    }
    logger.flush()
    let secs = BenchIO.now() - start
    let allocations = allocationsPerCall(allocationsBefore, count)
    let bytes = BenchIO.fileSize(path)
    let check = color || !checksFiles ? nil : LogFileCheck(path: path, writers: 1, tagged: false, stepsPerWriter: count)
    BenchIO.report([
        "name": "runlog-\(mode)\(color ? "-color" : "")", "n": count, "secs": secs, "bytes": bytes,
        "allocs_per_line": allocations, "peak_rss_kib": BenchIO.peakRSSKiB(),
        "lines": check?.lines ?? -1, "bad": (check.map { $0.malformed + $0.missing + $0.duplicates }) ?? 0,
    ])
case "check-printf":
    // Checks a file another program wrote (the exact raw peer): every line must be the workload line with
    // printf's `%.4f` decimals, byte for byte, each step once.
    let count = BenchIO.intArgument(2)
    let path = arguments[3]
    let check = LogFileCheck(path: path, writers: 1, tagged: false, stepsPerWriter: count, printfExact: true)
    BenchIO.report([
        "name": mode, "n": count, "secs": 0, "lines": check.lines,
        "bad": check.malformed + check.missing + check.duplicates,
    ])
case "filtered":
    let count = BenchIO.intArgument(2)
    let logger = fileLogger("/dev/null", mode: .durable)
    // Inlined call sites (the usual case: the level check is inlined into the caller).
    let allocationsBefore = rlbench_allocation_count()
    var start = BenchIO.now()
    for index in 0..<count {
        logger.debug(
            "step \(index) | loss=\(Workload.loss(index), decimals: 4) reward=\(Workload.reward(index), decimals: 4)"
        )
    }
    let secs = BenchIO.now() - start
    let allocations = allocationsPerCall(allocationsBefore, count)
    if arguments.count > 3, arguments[3] == "inlined" {
        BenchIO.report(["name": "runlog-filtered", "n": count, "secs": secs, "ns_per_call": secs / Double(count) * 1e9])
        exit(0)
    }
    // The same call in a non-inlined function reached through a function value chosen at run time (so it
    // cannot be specialised away), against an empty function of the same shape: the difference is the check.
    var viaCall: (RunlogLogger, Int) -> Void = debugOnce
    var emptyCall: (RunlogLogger, Int) -> Void = emptyOnce
    if arguments.count > 99 { swap(&viaCall, &emptyCall) }
    start = BenchIO.now()
    for index in 0..<count { viaCall(logger, index) }
    let opaqueSecs = BenchIO.now() - start
    start = BenchIO.now()
    for index in 0..<count { emptyCall(logger, index) }
    let emptySecs = BenchIO.now() - start
    blackhole(emptyCallCounter)
    BenchIO.report([
        "name": "runlog-filtered", "n": count, "secs": secs, "ns_per_call": secs / Double(count) * 1e9,
        "opaque_ns_per_call": opaqueSecs / Double(count) * 1e9,
        "opaque_empty_ns_per_call": emptySecs / Double(count) * 1e9, "allocs_per_call": allocations,
    ])
case "allocs":
    let count = BenchIO.intArgument(2)
    let path = arguments[3]
    let logger = fileLogger(path, mode: .buffered)
    for index in 0..<10_000 {
        logger.info(
            "step \(index) | loss=\(Workload.loss(index), decimals: 4) reward=\(Workload.reward(index), decimals: 4)"
        )
    }
    logger.flush()
    // A literal message allocates nothing itself, so this counts Runlog's own allocations.
    var before = rlbench_allocation_count()
    for _ in 0..<count { logger.info("step 12345 | loss=2.4877 reward=0.4500") }
    let literal = allocationsPerCall(before, count)
    before = rlbench_allocation_count()
    for index in 0..<count {
        logger.info(
            "step \(index) | loss=\(Workload.loss(index), decimals: 4) reward=\(Workload.reward(index), decimals: 4)"
        )
    }
    let interpolated = allocationsPerCall(before, count)
    before = rlbench_allocation_count()
    for index in 0..<count { logger.info(Workload.message(index)) }
    let stringMessage = allocationsPerCall(before, count)
    before = rlbench_allocation_count()
    for index in 0..<count { blackhole(Workload.message(index)) }
    let messageOnly = allocationsPerCall(before, count)
    logger.flush()
    BenchIO.report([
        "name": "runlog-allocs", "n": count, "literal_allocs_per_line": literal,
        "interpolated_allocs_per_line": interpolated, "string_message_allocs_per_line": stringMessage,
        "message_only_allocs_per_line": messageOnly,
        "peak_rss_kib": BenchIO.peakRSSKiB(),
    ])
case "message":
    let count = BenchIO.intArgument(2)
    var start = BenchIO.now()
    for index in 0..<count { blackhole(Workload.message(index)) }
    let secs = BenchIO.now() - start
    var interpolatedSecs = 0.0
    if arguments.count <= 3 || arguments[3] != "fast" {
        start = BenchIO.now()
        for index in 0..<count { blackhole(Workload.interpolatedMessage(index)) }
        interpolatedSecs = BenchIO.now() - start
    }
    BenchIO.report([
        "name": "message-only", "n": count, "secs": secs, "ns_per_call": secs / Double(count) * 1e9,
        "interpolated_ns_per_call": interpolatedSecs / Double(count) * 1e9,
    ])
case "threads":
    let threads = BenchIO.intArgument(2)
    let count = BenchIO.intArgument(3)
    let path = arguments[4]
    let writeMode = arguments.count > 5 && arguments[5] == "durable" ? WriteMode.durable : .buffered
    let logger = fileLogger(path, mode: writeMode)
    let start = BenchIO.now()
    ThreadGroup.run(threads) { thread in
        var index = thread
        while index < count {
            logger.info(
                "step \(index) | loss=\(Workload.loss(index), decimals: 4) reward=\(Workload.reward(index), decimals: 4)"
            )
            index += threads
        }
    }
    logger.flush()
    let secs = BenchIO.now() - start
    let check = LogFileCheck(path: path, writers: 1, tagged: false, stepsPerWriter: count)
    BenchIO.report([
        "name": "runlog-threads\(threads)-\(writeMode == .durable ? "durable" : "buffered")", "n": count,
        "secs": secs, "bytes": BenchIO.fileSize(path), "lines": check.lines,
        "bad": check.malformed + check.missing + check.duplicates,
    ])
case "procs":
    let processes = BenchIO.intArgument(2)
    let count = BenchIO.intArgument(3)
    let path = arguments[4]
    BenchIO.remove(path)
    let secs = ChildProcesses.runAppenders(processes, lines: count, path: path)
    let check = LogFileCheck(path: path, writers: processes, tagged: true, stepsPerWriter: count)
    BenchIO.report([
        "name": "runlog-procs\(processes)", "n": processes * count, "secs": secs, "bytes": BenchIO.fileSize(path),
        "lines": check.lines, "torn": check.malformed, "missing": check.missing, "duplicates": check.duplicates,
        "switches": check.switches,
    ])
case "proc-child":
    let count = BenchIO.intArgument(2)
    let path = arguments[3]
    let id = BenchIO.intArgument(4)
    let logger = fileLogger(path, mode: .durable, append: true, tag: "p\(id)")
    var go: UInt8 = 0
    guard read(0, &go, 1) == 1 else { BenchIO.fail("child \(id): no start signal") }
    for index in 0..<count {
        logger.info(
            "step \(index) | loss=\(Workload.loss(index), decimals: 4) reward=\(Workload.reward(index), decimals: 4)"
        )
    }
    logger.flush()
case "tee-latency":
    let count = BenchIO.intArgument(2)
    let gap = BenchIO.intArgument(3)
    var line = [UInt8](repeating: 0, count: 64)
    for _ in 0..<count {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        let text = Array("tee-latency \(Int(spec.tv_sec) * 1_000_000_000 + Int(spec.tv_nsec))\n".utf8)
        line.replaceSubrange(0..<line.count, with: text)
        _ = line.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
        usleep(UInt32(gap))
    }
case "tee-load":
    let count = BenchIO.intArgument(2)
    let cpuFile = arguments[3]
    let options = LoggerOptions(console: true, consoleColor: .never)
    let logger: RunlogLogger
    do {
        logger = try setupLogger(level: .info, options: options)
    } catch {
        BenchIO.fail("setupLogger: \(error)")
    }
    for index in 0..<count {
        logger.info(
            "step \(index) | loss=\(Workload.loss(index), decimals: 4) reward=\(Workload.reward(index), decimals: 4)"
        )
    }
    logger.flush()
    let rank = getenv("LOCAL_RANK").map { String(cString: $0) } ?? "0"
    let reportPath = "\(cpuFile).\(rank)"
    // The rank's CPU must include its exit, so that the suite does not charge it to the launcher: the
    // reporter scripts/bench.sh builds (Peers/rank_cpu_report.c) is exec'd, which tears this process down
    // on its own account and reports the total. Without it, the report below leaves the exit out.
    if let reporter = getenv("RLBENCH_CPU_REPORTER") {
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup(reporter), strdup(reportPath), nil]
        execv(reporter, argv)  // returns only on failure: then the rank reports itself
    }
    let report = Array("\(BenchIO.cpuSeconds())\n".utf8)
    let fd = open(reportPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    _ = report.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    close(fd)
default:
    BenchIO.fail("unknown mode \(mode)")
}
