public import Foundation

/// A keep-alive HTTP/1.1 client for one server, for JSON APIs on loopback.
///
/// ```swift
/// let client = HTTPClient(host: "127.0.0.1", port: 8000)
/// let (status, body) = try client.post("/v1/completions", json: Data(#"{"prompt":"abc"}"#.utf8))
/// ```
public final class HTTPClient: @unchecked Sendable {
    /// The server's address.
    public let host: String
    /// The server's port.
    public let port: Int
    private let connectTimeout: Duration
    private var connection: TCPConnection?

    /// Creates a client; it connects on first use.
    /// - Parameters:
    ///   - host: the server's IPv4 address.
    ///   - port: the server's port.
    ///   - connectTimeout: how long to retry refused connections.
    public init(host: String, port: Int, connectTimeout: Duration = .seconds(10)) {
        self.host = host
        self.port = port
        self.connectTimeout = connectTimeout
    }

    /// Sends `POST path` with a JSON body and returns the status and body. A connection the server
    /// closed while idle is re-opened once.
    /// - Parameters:
    ///   - path: the request target.
    ///   - json: the body.
    public func post(_ path: String, json: Data) throws(SocketError) -> (status: Int, body: Data) {
        try request(method: "POST", path: path, body: json)
    }

    /// Sends `GET path` and returns the status and body.
    /// - Parameter path: the request target.
    public func get(_ path: String) throws(SocketError) -> (status: Int, body: Data) {
        try request(method: "GET", path: path, body: Data())
    }

    private func request(method: String, path: String, body: Data) throws(SocketError) -> (status: Int, body: Data) {
        let bytes = HTTPWire.encode(method: method, path: path, host: "\(host):\(port)", body: body)
        let reused = connection != nil
        do {
            return try exchange(bytes)
        } catch {
            connection = nil
            guard reused else { throw error }
            return try exchange(bytes)
        }
    }

    private func exchange(_ bytes: [UInt8]) throws(SocketError) -> (status: Int, body: Data) {
        let live: TCPConnection
        if let connection {
            live = connection
        } else {
            live = try TCPConnection.connect(host: host, port: port, timeout: connectTimeout)
            connection = live
        }
        try live.write(bytes)
        return try HTTPWire.readResponse(from: live)
    }
}
