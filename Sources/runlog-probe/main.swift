import Logging
import Runlog

// A test fixture for RunlogTests: a real child process that logs through Runlog and then exits, is
// terminated, or traps, so the tests can check what reached the file. Not part of the product.
//
//   runlog-probe append <file> <id> <count>            append <count> lines tagged p<id> (durable mode)
//   runlog-probe buffered-exit <file> <count>          buffered mode, then return from main normally
//   runlog-probe buffered-sigterm <file> <count>       buffered mode, then SIGTERM to itself
//   runlog-probe buffered-wait <file> <count>          buffered mode, print "ready", wait for a signal
//   runlog-probe trap <file> <count>                   buffered mode (text and <file>.jsonl), then an
//                                                      out-of-range array index
//   runlog-probe fatal <file>                          durable mode, then abort()
//   runlog-probe bridge <file>                         SwiftLogBridge.bootstrap, then swift-log loggers
//   runlog-probe console <jsonfile>                    one line to the console (colour per environment) and
//                                                      to a JSON lines file (rank per environment)
//   (fault scenarios for ReliabilityTests: see FaultScenarios.swift and CrashScenarios.swift)
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

func fail(_ message: String) -> Never {
    let text = Array("runlog-probe: \(message)\n".utf8)
    _ = text.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    exit(2)
}

// A test runner may start children with signals blocked or ignored (both are inherited across exec); start
// from the defaults a normal program has, so the signal tests test Runlog and not the runner.
var allSignals = sigset_t()
sigfillset(&allSignals)
sigprocmask(SIG_UNBLOCK, &allSignals, nil)
signal(SIGTERM, SIG_DFL)
signal(SIGINT, SIG_DFL)
signal(SIGHUP, SIG_DFL)

let arguments = CommandLine.arguments
guard arguments.count >= 3 else { fail("usage: runlog-probe <mode> <file> [args...]") }
let mode = arguments[1]
let path = arguments[2]

func count(at index: Int) -> Int {
    guard arguments.count > index, let value = Int(arguments[index]) else { fail("missing count") }
    return value
}

func bufferedLogger(tag: String, json: Bool = false) -> RunlogLogger {
    var options = LoggerOptions(console: false, fileColor: false)
    options.fileMode = .buffered
    if json {
        options.jsonLinesFile = path + ".jsonl"
        options.jsonLinesMode = .buffered
    }
    do {
        return try setupLogger(level: .info, logFile: path, tag: tag, options: options)
    } catch {
        fail("\(error)")
    }
}

switch mode {
case "append":
    let id = count(at: 3)
    let lines = count(at: 4)
    let options = LoggerOptions(console: false, fileColor: false)
    let logger: RunlogLogger
    do {
        logger = try setupLogger(level: .info, logFile: path, append: true, tag: "p\(id)", options: options)
    } catch {
        fail("\(error)")
    }
    // Lines from about 60 bytes to about 1 KB, different per process, so a torn or interleaved write shows.
    let paddings = (0..<32).map { String(repeating: "x", count: 40 + id * 13 + $0 * 31) }
    for index in 0..<lines {
        logger.info("probe \(id) line \(index) \(paddings[index % 32])")
    }
case "buffered-exit":
    let logger = bufferedLogger(tag: "exit")
    for index in 0..<count(at: 3) {
        logger.info("buffered line \(index)")
    }
case "buffered-sigterm":
    let logger = bufferedLogger(tag: "term")
    for index in 0..<count(at: 3) {
        logger.info("buffered line \(index)")
    }
    kill(getpid(), SIGTERM)
    sleep(5)
    fail("still alive after SIGTERM")
case "buffered-wait":
    let logger = bufferedLogger(tag: "wait")
    for index in 0..<count(at: 3) {
        logger.info("buffered line \(index)")
    }
    _ = write(1, "ready\n", 6)
    sleep(10)
    fail("still alive after waiting for a signal")
case "trap":
    let logger = bufferedLogger(tag: "trap", json: true)
    let lines = count(at: 3)
    for index in 0..<lines {
        logger.info("buffered line \(index)")
    }
    let values = [1, 2, 3]
    print(values[lines])  // out of range: a Swift runtime trap
case "fatal":
    let options = LoggerOptions(console: false, fileColor: false)
    let logger: RunlogLogger
    do {
        logger = try setupLogger(level: .info, logFile: path, tag: "fatal", options: options)
    } catch {
        fail("\(error)")
    }
    logger.info("about to abort")
    abort()
case "bridge":
    do {
        try setupLogger(
            level: .info,
            logFile: path,
            tag: "bridge",
            options: LoggerOptions(console: false, fileColor: false)
        )
    } catch {
        fail("\(error)")
    }
    SwiftLogBridge.bootstrap(intercepting: ["verifiers": .debug])
    let library = Logger(label: "verifiers.math")
    library.trace("library trace")  // below the library's own level
    library.debug("library debug")
    let app = Logger(label: "app")
    app.debug("app debug")  // below the Runlog logger's level
    app.notice("app notice")
    try? getLogger().flush()
case "console":
    var options = LoggerOptions()
    options.jsonLinesFile = path
    do {
        let logger = try setupLogger(level: .info, tag: "console", options: options)
        logger.warning("hello console")
    } catch {
        fail("\(error)")
    }
default:
    if !runFaultScenario(mode, path: path, arguments: arguments),
        !runCrashScenario(mode, path: path, arguments: arguments)
    {
        fail("unknown mode \(mode)")
    }
}
