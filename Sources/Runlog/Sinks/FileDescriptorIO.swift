#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few system calls the sinks make, with EINTR and short writes handled.
enum FileDescriptorIO {
    /// Writes all `count` bytes at `base` to `fd`, retrying on EINTR and continuing after a short write.
    /// Returns the `errno` of a failed write, or 0.
    @discardableResult
    static func writeAll(_ fd: Int32, _ base: UnsafeRawPointer, _ count: Int) -> Int32 {
        var offset = 0
        while offset < count {
            let written = write(fd, base + offset, count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += written
        }
        return 0
    }

    /// Writes all of `bytes` to `fd` (one `write(2)` unless the kernel writes less). Returns 0 or an `errno`.
    @discardableResult
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Int32 {
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return 0 }
            return writeAll(fd, base, raw.count)
        }
    }

    /// Writes all `count` bytes at `base` to `fd` like ``writeAll(_:_:_:)``, also returning how many bytes
    /// reached the file before a failure (a full disk takes what fits, then fails). A descriptor in
    /// non-blocking mode (a pipe or terminal another program set so) is waited on for up to a second per try
    /// instead of losing the record.
    static func writeCounting(_ fd: Int32, _ base: UnsafeRawPointer, _ count: Int) -> (written: Int, error: Int32) {
        var offset = 0
        while offset < count {
            let written = write(fd, base + offset, count - offset)
            if written < 0 {
                let code = errno
                if code == EINTR { continue }
                if code == EAGAIN || code == EWOULDBLOCK {
                    var waiter = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                    if poll(&waiter, 1, 1000) > 0 { continue }
                }
                return (offset, code)
            }
            offset += written
        }
        return (offset, 0)
    }

    /// The message for an `errno` value.
    static func describe(errno code: Int32) -> String {
        guard let text = strerror(code) else { return "errno \(code)" }
        return String(cString: text)
    }
}
