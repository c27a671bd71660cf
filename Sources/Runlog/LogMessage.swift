/// The message of a log call, written with string interpolation straight into a reusable per-thread byte
/// buffer: no `String` is built and, in steady state, nothing is allocated.
///
/// Every level method of ``RunlogLogger`` takes one, so literals and interpolations at call sites are
/// `LogMessage`s without any spelling change. Integers, strings and `Double`s are written directly; a
/// `Double` with `decimals:` is written in fixed point, rounded exactly as `String(format: "%.4f")` rounds;
/// anything else is written through its `description`. Like every message, the text is neutralised by the
/// sinks (escape sequences made visible, newlines turned into continuation lines).
///
/// ```swift
/// logger.info("step \(step) | loss=\(loss, decimals: 4) reward=\(reward, decimals: 4)")
/// // 21:07:04    INFO step 12 | loss=2.4999 reward=0.1200
/// ```
///
/// A message is meant to be built at the call site; it stays valid when stored or sent elsewhere (it then
/// keeps its buffer for itself).
public struct LogMessage: ExpressibleByStringInterpolation, CustomStringConvertible, Sendable {
    /// The text of a message that is a plain literal (no interpolation); unused when `buffer` is set.
    @usableFromInline let literal: StaticString
    /// The bytes written by an interpolation, or nil for a plain literal.
    @usableFromInline let buffer: MessageBuffer?

    /// Creates a message from a literal without interpolations (its bytes are used in place).
    ///
    /// - Parameter value: The literal.
    @inlinable
    public init(stringLiteral value: StaticString) {
        if value.hasPointerRepresentation {
            literal = value
            buffer = nil
        } else {
            // A one-scalar literal is stored as the scalar itself: copy its UTF-8 into a buffer.
            var interpolation = StringInterpolation(literalCapacity: 4, interpolationCount: 0)
            interpolation.appendLiteral(value)
            literal = ""
            buffer = interpolation.buffer
        }
    }

    /// Creates a message from an interpolation.
    ///
    /// - Parameter stringInterpolation: The interpolation the compiler built from the literal's segments.
    @inlinable
    public init(stringInterpolation: StringInterpolation) {
        literal = ""
        buffer = stringInterpolation.buffer
    }

    /// Creates a message holding a copy of `text`.
    ///
    /// - Parameter text: The message text.
    public init(_ text: String) {
        var interpolation = StringInterpolation(literalCapacity: text.utf8.count, interpolationCount: 1)
        interpolation.appendInterpolation(text)
        self.init(stringInterpolation: interpolation)
    }

    /// The message as a `String` (allocates; the log path never calls it).
    public var description: String {
        withUTF8 { String(decoding: $0, as: UTF8.self) }
    }

    /// Calls `body` with the message's UTF-8 bytes (valid only inside `body`).
    func withUTF8<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        withExtendedLifetime(self) { body(utf8) }
    }

    /// The message's UTF-8 bytes, valid while the message is alive (a literal always has its pointer form:
    /// `init(stringLiteral:)` copies a one-scalar literal into a buffer).
    var utf8: UnsafeBufferPointer<UInt8> {
        if let buffer { return UnsafeBufferPointer(start: buffer.base, count: buffer.count) }
        return UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
    }

    /// Ends the message once the log call is done with it, returning its buffer to the thread for the next
    /// message (a copy of the message that was stored elsewhere keeps sharing it).
    @usableFromInline
    consuming func recycle() {
        if let buffer { MessageBufferCache.giveBack(buffer) }
    }
}
