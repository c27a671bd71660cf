import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A connected TCP socket with a read buffer: whole lines, exact byte counts, and complete writes.
///
/// One thread uses a connection at a time. `TCP_NODELAY` is set, because every exchange here is a small
/// request answered by a small response, where Nagle's algorithm would add tens of milliseconds.
final class TCPConnection: @unchecked Sendable {
    /// The socket descriptor; closed by ``close()``.
    let descriptor: Int32
    private var buffer: [UInt8] = []
    private var start = 0

    init(descriptor: Int32) {
        self.descriptor = descriptor
        var yes: Int32 = 1
        setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size))
    }

    deinit {
        Glibc.close(descriptor)
    }

    /// Connects to `host:port`, retrying refused connections until `timeout` (the peer may still be
    /// starting).
    static func connect(host: String, port: Int, timeout: Duration) throws(SocketError) -> TCPConnection {
        let deadline = ContinuousClock.now + timeout
        var address = try TCPListener.address(host: host, port: port)
        while true {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { throw .system("socket()") }
            let result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            if result == 0 { return TCPConnection(descriptor: fd) }
            let error = SocketError.system("connect(\(host):\(port))")
            let retry = errno == ECONNREFUSED || errno == EINTR
            Glibc.close(fd)
            guard retry, ContinuousClock.now < deadline else { throw error }
            // The peer is not listening yet: wait briefly for it to start (a wait, not a stand-in for work).
            var pause = timespec(tv_sec: 0, tv_nsec: 20_000_000)
            nanosleep(&pause, nil)
        }
    }

    /// Reads one line without its `\n` (and `\r`), or nil at end of stream.
    func readLine(maximumLength: Int = 1 << 20) throws(SocketError) -> String? {
        while true {
            if let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                var end = newline
                if end > start, buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                let line = String(decoding: buffer[start..<end], as: UTF8.self)
                start = newline + 1
                return line
            }
            guard buffer.count - start <= maximumLength else {
                throw SocketError("line longer than \(maximumLength) bytes")
            }
            guard try fill() else { return nil }
        }
    }

    /// Reads exactly `count` bytes, or nil if the stream ends first.
    func read(count: Int) throws(SocketError) -> [UInt8]? {
        while buffer.count - start < count {
            guard try fill() else { return nil }
        }
        let bytes = Array(buffer[start..<start + count])
        start += count
        return bytes
    }

    /// Writes all of `bytes`.
    func write(_ bytes: some Collection<UInt8>) throws(SocketError) {
        let array = Array(bytes)
        var offset = 0
        while offset < array.count {
            let written = array.withUnsafeBytes {
                send(descriptor, $0.baseAddress! + offset, array.count - offset, Int32(MSG_NOSIGNAL))
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw .system("send()")
            }
            offset += written
        }
    }

    /// Writes `text` as UTF-8.
    func write(_ text: String) throws(SocketError) {
        try write(Array(text.utf8))
    }

    /// Closes both directions now (the descriptor itself is closed on deinit).
    func shutdown() {
        _ = Glibc.shutdown(descriptor, Int32(SHUT_RDWR))
    }

    private func fill() throws(SocketError) -> Bool {
        if start > 0, start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        }
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                buffer.append(contentsOf: chunk[0..<count])
                return true
            }
            if count == 0 { return false }
            if errno == EINTR { continue }
            if errno == ECONNRESET { return false }
            throw .system("recv()")
        }
    }
}
