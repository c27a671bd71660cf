import Foundation

/// A small HTTP/1.1 server over BSD sockets: one thread per connection, keep-alive, `Content-Length`
/// bodies. Enough for a local JSON API; not meant to face the internet.
///
/// ```swift
/// let server = try HTTPServer(host: "127.0.0.1", port: 0) { request in
///     HTTPResponse(status: 200, body: Data("{}".utf8))
/// }
/// print(server.port)
/// server.serveForever()
/// ```
public final class HTTPServer: Sendable {
    private let listener: TCPListener
    private let handler: @Sendable (HTTPRequest) -> HTTPResponse
    private let onProtocolError: @Sendable (String) -> Void

    /// Binds `host:port` (port 0 = a free port).
    /// - Parameters:
    ///   - host: a loopback IPv4 address.
    ///   - port: the port, or 0.
    ///   - onProtocolError: told about malformed requests (the connection is then closed).
    ///   - handler: answers each request; called on the connection's thread.
    public init(
        host: String,
        port: Int,
        onProtocolError: @escaping @Sendable (String) -> Void = { _ in },
        handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse
    ) throws(SocketError) {
        listener = try TCPListener(host: host, port: port)
        self.handler = handler
        self.onProtocolError = onProtocolError
    }

    /// The port the server listens on.
    public var port: Int { listener.port }

    /// Accepts connections until the listener fails; each connection is served on its own thread.
    public func serveForever() {
        while true {
            guard let connection = try? listener.accept() else { return }
            let thread = Thread { [self] in serve(connection) }
            thread.start()
        }
    }

    /// Starts ``serveForever()`` on a background thread (for tests and embedding).
    public func startInBackground() {
        let thread = Thread { [self] in serveForever() }
        thread.start()
    }

    /// Stops accepting connections.
    public func close() {
        listener.close()
    }

    private func serve(_ connection: TCPConnection) {
        do {
            while let request = try HTTPWire.readRequest(from: connection) {
                let keepAlive = request.headers["connection"]?.lowercased() != "close"
                try connection.write(HTTPWire.encode(handler(request), keepAlive: keepAlive))
                if !keepAlive { return }
            }
        } catch {
            onProtocolError(error.description)
            try? connection.write(HTTPWire.encode(.error(400, error.description), keepAlive: false))
        }
    }
}
