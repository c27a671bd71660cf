import Foundation
import Runlog

extension SupervisorOutcome {
    /// A failure report in the spirit of torchrun's ChildFailedError: the root cause first, then other
    /// failures, then the children the shutdown stopped, each with time, host, exit code or signal name,
    /// pid, error file and the last lines of its log files.
    ///
    /// - Parameters:
    ///   - title: What failed, such as the command (`train.py`).
    ///   - tailLines: How many last lines of each summary log file to show.
    /// - Returns: Multi-line text ending in a newline; empty when the group succeeded.
    public func failureSummary(title: String, tailLines: Int = 20) -> String {
        guard !succeeded else { return "" }
        let rule = String(repeating: "=", count: 72)
        let thin = String(repeating: "-", count: 72)
        var lines = [rule, "\(title) FAILED (\(stopReason.map(\.description) ?? "failed"))"]
        if let rootCause {
            lines += [thin, "Root cause (first observed failure):"]
            lines += Self.describe(rootCause, tailLines: tailLines)
        }
        let others = otherFailures
        if !others.isEmpty {
            lines += [thin, "Other failures:"]
            for (index, report) in others.enumerated() {
                lines.append("[\(index + 1)]:")
                lines += Self.describe(report, tailLines: tailLines)
            }
        }
        let stopped = stoppedChildren
        if !stopped.isEmpty {
            lines += [thin, "Stopped by the supervisor:"]
            for report in stopped {
                lines.append("  \(report.name) (pid \(report.pid)): \(report.status)")
            }
        }
        lines.append(rule)
        return lines.joined(separator: "\n") + "\n"
    }

    private static func describe(_ report: ChildReport, tailLines: Int) -> [String] {
        var fields: [SummaryField] = [
            SummaryField("name", report.name),
            SummaryField("time", timestamp(report.endedAt)),
            SummaryField("host", ProcessInfo.processInfo.hostName),
        ]
        fields += report.summaryFields
        fields.append(SummaryField("status", "\(report.status) (pid: \(report.pid))"))
        if let errorFile = report.errorFile {
            let written = FileManager.default.fileExists(atPath: errorFile) ? "" : " (not written)"
            fields.append(SummaryField("error_file", errorFile + written))
            if let message = errorMessage(in: errorFile) {
                fields.append(SummaryField("error", message))
            }
        }
        let width = fields.map(\.label.count).max() ?? 0
        var lines = fields.map {
            "  " + $0.label.padding(toLength: width, withPad: " ", startingAt: 0) + " : " + $0.value
        }
        for path in report.summaryLogFiles {
            let tail = lastLines(of: path, count: tailLines)
            guard !tail.isEmpty else { continue }
            lines.append("  last \(tail.count) lines of \(path):")
            lines += tail.map { "    | " + $0 }
        }
        return lines
    }

    private static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    /// The message of a torchelastic-style error file (`{"message": {"message": "..."}}` or
    /// `{"message": "..."}`), first line only, neutralised; nil when absent or not in that shape.
    static func errorMessage(in path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path), data.count < 4 << 20,
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return nil }
        let text = ((object["message"] as? [String: Any])?["message"] as? String) ?? (object["message"] as? String)
        guard let firstLine = text?.split(separator: "\n").first else { return nil }
        return TerminalText.neutralize(String(firstLine.prefix(500)), allowSGR: false)
    }

    /// The last `count` lines of a file, reading at most its last 256 KiB, neutralised for the terminal.
    static func lastLines(of path: String, count: Int) -> [String] {
        guard count > 0, let handle = FileHandle(forReadingAtPath: path) else { return [] }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        let window: UInt64 = 256 * 1024
        try? handle.seek(toOffset: size > window ? size - window : 0)
        guard let data = try? handle.readToEnd(), !data.isEmpty else { return [] }
        var lines = data.split(separator: 0x0A, omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        return lines.suffix(count).map { line in
            var bytes = Array(line)
            if bytes.last == 0x0D { bytes.removeLast() }
            if let lastReturn = bytes.lastIndex(of: 0x0D) { bytes.removeSubrange(0...lastReturn) }
            return TerminalText.neutralize(bytes: bytes, allowSGR: false)
        }
    }
}
