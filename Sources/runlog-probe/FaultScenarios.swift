import Foundation
import Runlog

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Fault-injection modes for ReliabilityTests (disk full, unwritable paths, hostile messages, traps on other
// threads, many processes on one file). Each returns normally on success and calls `fail` on a setup error.
//
//   runlog-probe disk-full <file> <lines> durable|buffered   log <lines> to console + file, flush, print
//                                                           "paused" and wait for a line on stdin, log
//                                                           <lines> more, flush, exit 0
//   runlog-probe open <file> [nobody]                       setupLogger(logFile:) only (as uid 65534 with
//                                                           `nobody`); prints the error and exits 2 on failure
//   runlog-probe hostile <file> plain|colored               log hostile messages to console, file and
//                                                           <file>.jsonl
//   runlog-probe trap-thread <file> <count>                 buffered; a second thread logs, then traps while
//                                                           the main thread keeps logging
//   runlog-probe stress <file> <id> <count>                 append <count> short lines tagged s<id>

/// Runs the fault scenario `mode`; returns false when `mode` is not one of them.
func runFaultScenario(_ mode: String, path: String, arguments: [String]) -> Bool {
    switch mode {
    case "disk-full":
        diskFull(path: path, lines: count(at: 3), buffered: arguments.count > 4 && arguments[4] == "buffered")
    case "open":
        openOnly(path: path, asNobody: arguments.count > 3 && arguments[3] == "nobody")
    case "hostile":
        hostile(path: path, colored: arguments.count > 3 && arguments[3] == "colored")
    case "trap-thread":
        trapOnAnotherThread(path: path, lines: count(at: 3))
    case "stress":
        stress(path: path, id: count(at: 3), lines: count(at: 4))
    default:
        return false
    }
    return true
}

private func diskFull(path: String, lines: Int, buffered: Bool) {
    var options = LoggerOptions(consoleColor: .never, fileColor: false)
    if buffered { options.fileMode = .buffered(capacity: 16 * 1024) }
    let logger: RunlogLogger
    do {
        logger = try setupLogger(level: .info, logFile: path, tag: "disk", options: options)
    } catch {
        fail("\(error)")
    }
    for index in 0..<lines { logger.info("phase 1 line \(index) \(padding(index))") }
    logger.flush()
    _ = write(1, "paused\n", 7)
    guard readLine() != nil else { fail("stdin closed before the go line") }
    for index in 0..<lines { logger.info("phase 2 line \(index) \(padding(index))") }
    logger.flush()
}

/// 0 to 62 `x`s, so lines differ in length and a partial write lands at every possible offset.
private func padding(_ index: Int) -> String { String(repeating: "x", count: index * 7 % 63) }

private func openOnly(path: String, asNobody: Bool) {
    if asNobody {
        guard setgid(65534) == 0, setuid(65534) == 0 else { fail("cannot drop to uid 65534") }
    }
    do {
        try setupLogger(level: .info, logFile: path, options: LoggerOptions(console: false, fileColor: false))
    } catch {
        let text = Array("\(error)\n".utf8)
        _ = text.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
        exit(2)
    }
}

/// Every kind of text a model or a child may produce that could attack a terminal.
private let hostileMessages: [String] = [
    String(decoding: [0x6F, 0x6B, 0xFF, 0xFE, 0xC3, 0x28, 0xE2, 0x82, 0xF0, 0x9F, 0x98], as: UTF8.self),
    "nul\u{0}in\u{0}the\u{0}middle",
    "progress 10%\rprogress 50%\rprogress 100%\r",
    "cursor\u{1B}[10;20Hmove\u{1B}[2J\u{1B}[1A\u{1B}[K\u{1B}7\u{1B}8\u{1B}c",
    "title\u{1B}]0;pwned\u{07}and\u{1B}]2;pwned too\u{1B}\\",
    "clipboard\u{1B}]52;c;ZWNobyBwd25lZA==\u{07}",
    "paste\u{1B}[200~rm -rf /\u{1B}[201~",
    "c1 \u{9B}2J \u{9D}0;t\u{9C} \u{90}dcs\u{9C}",
    "bidi \u{202E}evil\u{2066} line\u{2028}sep",
    "colour \u{1B}[31mred\u{1B}[0m unterminated \u{1B}[31",
    "lone escape at end \u{1B}",
    "escape before newline \u{1B}\nsecond line \u{1B}[2J",
    "bell\u{07} backspace\u{08} del\u{7F} vt\u{0B} ff\u{0C}",
    String(repeating: "m", count: 1 << 20) + "\u{1B}]52;c;aGk=\u{07}",
]

private func hostile(path: String, colored: Bool) {
    let options = LoggerOptions(
        consoleColor: colored ? .always : .never,
        fileColor: colored,
        jsonLinesFile: path + ".jsonl"
    )
    let logger: RunlogLogger
    do {
        logger = try setupLogger(level: .debug, logFile: path, tag: "evil\u{1B}]0;tag\u{07}", options: options)
    } catch {
        fail("\(error)")
    }
    let bound = logger.bind(["key\u{1B}[2J": "value\u{1B}]52;c;aGk=\u{07}"])
    for (index, message) in hostileMessages.enumerated() {
        bound.log(LogLevel.allCases[1 + index % (LogLevel.allCases.count - 1)], message)  // debug ... critical
    }
    logger.flush()
}

private func trapOnAnotherThread(path: String, lines: Int) {
    var options = LoggerOptions(console: false, fileColor: false)
    options.fileMode = .buffered
    let logger: RunlogLogger
    do {
        logger = try setupLogger(level: .info, logFile: path, tag: "thread", options: options)
    } catch {
        fail("\(error)")
    }
    let worker = Thread {
        for index in 0..<lines { logger.info("worker line \(index)") }
        let values = [1, 2, 3]
        print(values[lines])  // out of range: a Swift runtime trap on this thread
    }
    worker.start()
    var index = 0
    while true {
        logger.info("main line \(index)")
        index += 1
        if index % 1000 == 0 { usleep(1000) }
    }
}

private func stress(path: String, id: Int, lines: Int) {
    let logger: RunlogLogger
    do {
        logger = try setupLogger(
            level: .info,
            logFile: path,
            append: true,
            tag: "s\(id)",
            options: LoggerOptions(console: false, fileColor: false)
        )
    } catch {
        fail("\(error)")
    }
    for index in 0..<lines { logger.info("probe \(id) line \(index) \(padding(index + id))") }
}
