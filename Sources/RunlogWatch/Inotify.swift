import Glibc

/// A Linux inotify instance: directory watches and the events they report, waited for with poll(2).
final class Inotify {
    /// One event: which watch, what happened, and the name inside the watched directory.
    struct Event {
        var watch: Int32
        var mask: UInt32
        var name: String
    }

    /// Events on a directory's entries that make `runlog follow` look at a file again.
    static let directoryMask = UInt32(
        IN_MODIFY | IN_CREATE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR
    )
    /// Events on the output folder: the `logs` entry appearing, disappearing or being replaced.
    static let parentMask = UInt32(IN_CREATE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_ONLYDIR)

    let descriptor: Int32

    init() throws(WatchError) {
        descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard descriptor >= 0 else {
            throw WatchError(
                "cannot start inotify: \(String(cString: strerror(errno))); raise fs.inotify.max_user_instances "
                    + "or use --no-follow"
            )
        }
    }

    deinit {
        close(descriptor)
    }

    /// Watches `path` (a directory; a symbolic link is followed) and returns the watch, or nil when the path
    /// is gone or is not a directory.
    func watch(_ path: String, mask: UInt32) -> Int32? {
        let watch = inotify_add_watch(descriptor, path, mask)
        return watch >= 0 ? watch : nil
    }

    /// Stops a watch (its later events are ignored by the caller anyway).
    func remove(_ watch: Int32) {
        _ = inotify_rm_watch(descriptor, watch)
    }

    /// Waits until events arrive or `timeout` seconds pass (nil waits without limit).
    ///
    /// - Returns: The events read; empty after a timeout or a signal.
    func wait(timeout: Double?) -> [Event] {
        var descriptors = [pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)]
        let milliseconds: Int32
        if let timeout {
            milliseconds = Int32(min(max(0, (timeout * 1000).rounded(.up)), 3_600_000))
        } else {
            milliseconds = -1
        }
        let ready = poll(&descriptors, 1, milliseconds)
        guard ready > 0 else { return [] }
        return readEvents()
    }

    /// Reads every pending event without blocking.
    func readEvents() -> [Event] {
        var events: [Event] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            buffer.withUnsafeBytes { raw in
                var offset = 0
                let headerSize = MemoryLayout<inotify_event>.size
                while offset + headerSize <= count {
                    let watch = raw.loadUnaligned(fromByteOffset: offset, as: Int32.self)
                    let mask = raw.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)
                    let length = Int(raw.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
                    let nameBytes = raw[(offset + headerSize)..<min(count, offset + headerSize + length)]
                    let name = String(decoding: nameBytes.prefix { $0 != 0 }, as: UTF8.self)
                    events.append(Event(watch: watch, mask: mask, name: name))
                    offset += headerSize + length
                }
            }
        }
        return events
    }
}
