import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A listening TCP socket on a loopback address.
///
/// ```swift
/// let listener = try TCPListener(host: "127.0.0.1", port: 0)   // port 0: the kernel picks one
/// print(listener.port)
/// let connection = try listener.accept()
/// ```
final class TCPListener: @unchecked Sendable {
    /// The listening descriptor; closed by ``close()``.
    let descriptor: Int32
    /// The port actually bound.
    let port: Int

    /// Binds and listens on `host:port` (IPv4 dotted address; `localhost` means 127.0.0.1).
    init(host: String, port: Int, backlog: Int32 = 64) throws(SocketError) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw .system("socket()") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = try Self.address(host: host, port: port)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else {
            let error = SocketError.system("bind(\(host):\(port))")
            Glibc.close(fd)
            throw error
        }
        guard listen(fd, backlog) == 0 else {
            let error = SocketError.system("listen(\(host):\(port))")
            Glibc.close(fd)
            throw error
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        descriptor = fd
        self.port = Int(UInt16(bigEndian: actual.sin_port))
    }

    /// Waits for the next connection.
    func accept() throws(SocketError) -> TCPConnection {
        while true {
            let fd = Glibc.accept(descriptor, nil, nil)
            if fd >= 0 { return TCPConnection(descriptor: fd) }
            if errno == EINTR { continue }
            throw .system("accept()")
        }
    }

    /// Stops listening.
    func close() {
        Glibc.close(descriptor)
    }

    /// A `sockaddr_in` for an IPv4 `host` and `port`.
    static func address(host: String, port: Int) throws(SocketError) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(truncatingIfNeeded: port)).bigEndian
        let dotted = host == "localhost" ? "127.0.0.1" : host
        guard inet_pton(AF_INET, dotted, &address.sin_addr) == 1 else {
            throw SocketError("'\(host)' is not an IPv4 address: use a dotted address such as 127.0.0.1")
        }
        return address
    }
}
