import BenchSupport
import Logging

// The Swift peers of Runlog's benchmark. Prints one JSON line: {"name", "n", "secs", "bytes", ...}; `secs`
// is the logging loop plus the final flush and close.
//
//   SwiftPeerBench swiftlog <N> <file>        swift-log StreamLogHandler into a 64 KiB-buffered FILE*
//   SwiftPeerBench swiftlog-filtered <N>      N debug calls on an info logger (ns per call)
//   SwiftPeerBench raw-buffered <N> <file>    hand-written: format into a buffer, write(2) every 64 KiB
//   SwiftPeerBench raw-write <N> <file>       hand-written: one write(2) per line
//   SwiftPeerBench raw-buffered-exact <N> <file>, raw-write-exact <N> <file>
//                                             the same, decimals rounded exactly as printf (the loggers' bytes)
//   SwiftPeerBench verify-exact <N>           checks the exact decimals against String(format: "%.4f")
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

let arguments = CommandLine.arguments
guard arguments.count >= 3 else { BenchIO.fail("usage: SwiftPeerBench <mode> <N> [file]") }
let mode = arguments[1]
let count = BenchIO.intArgument(2)
let path = arguments.count > 3 ? arguments[3] : "/dev/null"

switch mode {
case "swiftlog":
    BenchIO.remove(path)
    guard let file = fopen(path, "a") else { BenchIO.fail("cannot open \(path)") }
    setvbuf(file, nil, _IOFBF, 65_536)
    let logger = Logger(label: "bench") { label in StreamLogHandler(label: label, stream: FileStream(file: file)) }
    let start = BenchIO.now()
    for index in 0..<count {
        logger.info("\(Workload.message(index))")
    }
    fclose(file)
    let secs = BenchIO.now() - start
    BenchIO.report(["name": "swiftlog", "n": count, "secs": secs, "bytes": BenchIO.fileSize(path)])
case "swiftlog-filtered":
    var logger = Logger(label: "bench") { label in StreamLogHandler.standardError(label: label) }
    logger.logLevel = .info
    let start = BenchIO.now()
    for index in 0..<count {
        logger.debug("\(Workload.message(index))")
    }
    let secs = BenchIO.now() - start
    BenchIO.report(["name": "swiftlog-filtered", "n": count, "secs": secs, "ns_per_call": secs / Double(count) * 1e9])
case "raw-buffered", "raw-write", "raw-buffered-exact", "raw-write-exact":
    BenchIO.remove(path)
    let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
    guard fd >= 0 else { BenchIO.fail("cannot open \(path)") }
    var writer = RawLineWriter(fd: fd, flushAt: mode.hasPrefix("raw-buffered") ? 65_536 : 1)
    let start = BenchIO.now()
    if mode.hasSuffix("-exact") {
        for index in 0..<count {
            writer.lineExact(index)
        }
    } else {
        for index in 0..<count {
            writer.line(index)
        }
    }
    writer.flush()
    close(fd)
    let secs = BenchIO.now() - start
    BenchIO.report(["name": mode, "n": count, "secs": secs, "bytes": BenchIO.fileSize(path)])
case "verify-exact":
    let mismatches = ExactDecimalsCheck.mismatches(count: count)
    BenchIO.report(["name": mode, "n": count, "secs": 0, "mismatches": mismatches])
    if mismatches > 0 { BenchIO.fail("\(mismatches) values differ from String(format: \"%.4f\")") }
default:
    BenchIO.fail("unknown mode \(mode)")
}
