public import Foundation

/// An HTTP/1.1 request as the server received it.
public struct HTTPRequest: Sendable {
    /// `GET`, `POST`, ...
    public var method: String
    /// The request target, e.g. `/v1/completions`.
    public var path: String
    /// Header fields with lower-cased names.
    public var headers: [String: String]
    /// The body (`Content-Length` bytes).
    public var body: Data
}

/// An HTTP/1.1 response to send.
public struct HTTPResponse: Sendable {
    /// The status code.
    public var status: Int
    /// The body.
    public var body: Data
    /// The `Content-Type`.
    public var contentType: String

    /// Creates a response.
    /// - Parameters:
    ///   - status: the status code, e.g. 200.
    ///   - body: the body.
    ///   - contentType: the media type of the body.
    public init(status: Int, body: Data, contentType: String = "application/json") {
        self.status = status
        self.body = body
        self.contentType = contentType
    }

    /// A JSON error body `{"error": {"message": ...}}` (OpenAI's shape).
    /// - Parameters:
    ///   - status: the status code, e.g. 400.
    ///   - message: what was wrong with the request.
    public static func error(_ status: Int, _ message: String) -> HTTPResponse {
        let body = (try? JSONSerialization.data(withJSONObject: ["error": ["message": message]])) ?? Data()
        return HTTPResponse(status: status, body: body)
    }
}

/// Reading and writing HTTP/1.1 messages on a ``TCPConnection`` (only `Content-Length` bodies).
enum HTTPWire {
    /// The largest body accepted.
    static let maximumBody = 16 << 20

    /// Reads a request, or nil when the client closed the connection between requests.
    static func readRequest(from connection: TCPConnection) throws(SocketError) -> HTTPRequest? {
        guard let requestLine = try connection.readLine(maximumLength: 8192) else { return nil }
        let parts = requestLine.split(separator: " ")
        guard parts.count == 3, parts[2].hasPrefix("HTTP/1.") else {
            throw SocketError("malformed request line \(String(reflecting: requestLine))")
        }
        let headers = try readHeaders(from: connection)
        let body = try readBody(from: connection, headers: headers)
        return HTTPRequest(method: String(parts[0]), path: String(parts[1]), headers: headers, body: body)
    }

    /// Reads a response's status and body.
    static func readResponse(from connection: TCPConnection) throws(SocketError) -> (status: Int, body: Data) {
        guard let statusLine = try connection.readLine(maximumLength: 8192) else {
            throw SocketError("the server closed the connection before responding")
        }
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]) else {
            throw SocketError("malformed status line \(String(reflecting: statusLine))")
        }
        let headers = try readHeaders(from: connection)
        return (status, try readBody(from: connection, headers: headers))
    }

    /// Serialises a request with a JSON body.
    static func encode(method: String, path: String, host: String, body: Data) -> [UInt8] {
        let head =
            "\(method) \(path) HTTP/1.1\r\nHost: \(host)\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(body.count)\r\nConnection: keep-alive\r\n\r\n"
        return Array(head.utf8) + Array(body)
    }

    /// Serialises a response.
    static func encode(_ response: HTTPResponse, keepAlive: Bool) -> [UInt8] {
        let head =
            "HTTP/1.1 \(response.status) \(reason(response.status))\r\nContent-Type: \(response.contentType)\r\n"
            + "Content-Length: \(response.body.count)\r\nConnection: \(keepAlive ? "keep-alive" : "close")\r\n\r\n"
        return Array(head.utf8) + Array(response.body)
    }

    private static func readHeaders(from connection: TCPConnection) throws(SocketError) -> [String: String] {
        var headers: [String: String] = [:]
        while true {
            guard let line = try connection.readLine(maximumLength: 8192) else {
                throw SocketError("connection closed inside the headers")
            }
            if line.isEmpty { return headers }
            guard let colon = line.firstIndex(of: ":") else {
                throw SocketError("malformed header line \(String(reflecting: line))")
            }
            let name = line[..<colon].lowercased()
            headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            guard headers.count <= 100 else { throw SocketError("more than 100 header fields") }
        }
    }

    private static func readBody(from connection: TCPConnection, headers: [String: String]) throws(SocketError) -> Data
    {
        if headers["transfer-encoding"] != nil {
            throw SocketError("chunked bodies are not supported: send Content-Length")
        }
        guard let lengthText = headers["content-length"] else { return Data() }
        guard let length = Int(lengthText), (0...maximumBody).contains(length) else {
            throw SocketError("bad Content-Length \(String(reflecting: lengthText))")
        }
        guard let bytes = try connection.read(count: length) else {
            throw SocketError("connection closed inside a \(length)-byte body")
        }
        return Data(bytes)
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 400: return "Bad Request"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        default: return status < 400 ? "OK" : "Error"
        }
    }
}
