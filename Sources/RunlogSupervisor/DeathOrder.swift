import Glibc

/// The order in which children that the supervisor finds dead in the same pass died.
///
/// Why: the first child to fail is the run's root cause. When the supervisor's thread is held up (a busy
/// machine, a slow console sink) several children can die before it looks, and their exits are then all
/// ready at once. Taken in the order the children were started, a rank that failed because its peer was
/// killed (its connection to the peer lost) would be reported before that peer, and named as the root
/// cause. A dead process that is not reaped yet keeps its scheduler statistics, and the last time it ran
/// is when it died: Linux shows it as `se.exec_start` in `/proc/<pid>/sched` (milliseconds of the
/// scheduler's clock) where the kernel keeps scheduler statistics, as distribution kernels do. Where it
/// does not, the start order stays.
///
/// ```swift
/// for child in DeathOrder.ordered(children) {
///     if let report = child.reapIfExited() { ... }  // the first to die first
/// }
/// ```
enum DeathOrder {
    /// `children` with those already dead (and not reaped) first, earliest death first, then the others
    /// in their order.
    static func ordered(_ children: [ChildProcess]) -> [ChildProcess] {
        let dead = children.compactMap { child in
            child.hasExited ? nil : deathClock(of: child.pid).map { (child: child, died: $0) }
        }
        guard dead.count > 1 else { return children }
        let first = dead.sorted { $0.died < $1.died }.map(\.child)
        return first + children.filter { child in !first.contains { $0 === child } }
    }

    /// When the process `pid` last ran, if it is dead and not reaped yet (a zombie); nil while it runs,
    /// once reaped, or where the kernel does not show it.
    static func deathClock(of pid: Int32) -> Double? {
        // `pid (name) S ...`: the state follows the last parenthesis, as the name may hold any.
        guard let stat = contents(of: "/proc/\(pid)/stat"),
            let nameEnd = stat.lastIndex(of: UInt8(ascii: ")")),
            nameEnd + 2 < stat.count, stat[nameEnd + 2] == UInt8(ascii: "Z")
        else { return nil }
        guard let sched = contents(of: "/proc/\(pid)/sched") else { return nil }
        for line in sched.split(separator: UInt8(ascii: "\n")) where line.starts(with: Array("se.exec_start".utf8)) {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return nil }
            let value = String(decoding: line[(colon + 1)...], as: UTF8.self).filter { $0 != " " && $0 != "\t" }
            return Double(value)
        }
        return nil
    }

    /// A small `/proc` file's bytes, or nil when it cannot be read.
    private static func contents(of path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: 4096)
        var count = 0
        while count < bytes.count {
            let got = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + count, $0.count - count) }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { break }
            count += got
        }
        return Array(bytes[0..<count])
    }
}
