#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

#if canImport(Glibc)
private let selfUsage = RUSAGE_SELF.rawValue
#else
private let selfUsage = RUSAGE_SELF
#endif

/// Clock, files and the one JSON result line every benchmark program prints.
public enum BenchIO {
    /// Monotonic seconds.
    public static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) * 1e-9
    }

    /// CPU seconds used by this process so far (user + system, all threads).
    public static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(selfUsage, &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) * 1e-6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) * 1e-6
    }

    /// Peak resident memory of this process in KiB.
    public static func peakRSSKiB() -> Int {
        var usage = rusage()
        getrusage(selfUsage, &usage)
        return Int(usage.ru_maxrss)
    }

    /// The size of `path` in bytes, or 0 when it does not exist.
    public static func fileSize(_ path: String) -> Int {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : 0
    }

    /// Deletes `path` if it exists.
    public static func remove(_ path: String) { unlink(path) }

    /// Prints one JSON object on one line (values are numbers, or strings when given as `String`).
    public static func report(_ fields: KeyValuePairs<String, any Sendable>) {
        var parts: [String] = []
        for (key, value) in fields {
            switch value {
            case let text as String: parts.append("\"\(key)\": \"\(text)\"")
            case let number as Double: parts.append("\"\(key)\": \(number.isFinite ? "\(number)" : "null")")
            default: parts.append("\"\(key)\": \(value)")
            }
        }
        print("{" + parts.joined(separator: ", ") + "}")
    }

    /// Stops the program with a message on standard error.
    public static func fail(_ message: String) -> Never {
        let bytes = Array("bench: \(message)\n".utf8)
        _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
        exit(2)
    }

    /// Integer argument `index` of the command line, or `fallback`.
    public static func intArgument(_ index: Int, _ fallback: Int? = nil) -> Int {
        let arguments = CommandLine.arguments
        if arguments.count > index, let value = Int(arguments[index]) { return value }
        if let fallback { return fallback }
        fail("argument \(index) must be an integer (usage: see the header of main.swift)")
    }
}
