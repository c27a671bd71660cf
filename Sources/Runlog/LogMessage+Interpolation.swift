extension LogMessage {
    /// Builds a ``LogMessage`` by writing each literal segment and interpolated value as bytes into the
    /// thread's message buffer.
    ///
    /// ```swift
    /// logger.info("epoch \(epoch) took \(seconds, decimals: 2) s on \(device)")
    /// ```
    public struct StringInterpolation: StringInterpolationProtocol {
        /// The literal segments are static strings, copied with one `memcpy` each.
        public typealias StringLiteralType = StaticString

        /// Where the bytes go.
        @usableFromInline let buffer: MessageBuffer

        /// Takes this thread's message buffer.
        ///
        /// - Parameters:
        ///   - literalCapacity: The total length of the literal segments.
        ///   - interpolationCount: The number of interpolated values.
        @inlinable
        public init(literalCapacity: Int, interpolationCount: Int) {
            buffer = takeMessageBuffer()
        }

        /// Appends a literal segment.
        ///
        /// - Parameter literal: The segment.
        @inlinable
        public mutating func appendLiteral(_ literal: StaticString) {
            if literal.hasPointerRepresentation {
                buffer.append(literal.utf8Start, length: literal.utf8CodeUnitCount)
            } else {
                appendScalarLiteral(literal)
            }
        }

        @usableFromInline
        func appendScalarLiteral(_ literal: StaticString) {
            literal.withUTF8Buffer { bytes in
                if let base = bytes.baseAddress { buffer.append(base, length: bytes.count) }
            }
        }

        /// Appends a string's UTF-8 bytes.
        ///
        /// - Parameter value: The string.
        public mutating func appendInterpolation(_ value: String) {
            var text = value
            text.withUTF8 { bytes in
                if let base = bytes.baseAddress { buffer.append(base, length: bytes.count) }
            }
        }

        /// Appends a substring's UTF-8 bytes.
        ///
        /// - Parameter value: The substring.
        public mutating func appendInterpolation(_ value: Substring) {
            var text = value
            text.withUTF8 { bytes in
                if let base = bytes.baseAddress { buffer.append(base, length: bytes.count) }
            }
        }

        /// Appends an integer in decimal.
        ///
        /// - Parameter value: The integer.
        @inlinable
        public mutating func appendInterpolation<Value: BinaryInteger>(_ value: Value) {
            if let small = Int64(exactly: value) {
                appendInteger(small.magnitude, negative: small < 0)
            } else if let large = UInt64(exactly: value) {
                appendInteger(large, negative: false)
            } else {
                appendInterpolation(value.description)
            }
        }

        @usableFromInline
        func appendInteger(_ magnitude: UInt64, negative: Bool) {
            buffer.appendInteger(magnitude, negative: negative)
        }

        /// Appends a number with exactly `decimals` digits after the point, rounded as C's
        /// `printf("%.*f")` rounds (exactly, ties to even); `nan`, `inf` and `-inf` for the special values.
        ///
        /// ```swift
        /// logger.info("loss=\(loss, decimals: 4)")   // loss=0.1235 for 0.12345678
        /// ```
        ///
        /// - Parameters:
        ///   - value: The number.
        ///   - decimals: Digits after the point (a negative count is taken as 0).
        public mutating func appendInterpolation(_ value: Double, decimals: Int) {
            // The whole formatter is inlined here, and call sites call this method directly. An entry point
            // that call sites could inline instead costs them registers: in the benchmark it moved the logger
            // of a filtered call from a register to the stack (9 instead of 8 instructions per skipped call).
            DecimalFormatter.appendFixed(value, decimals: decimals, into: buffer)
        }

        /// Appends a `Float` in fixed point (see ``appendInterpolation(_:decimals:)-(Double,_)``).
        ///
        /// - Parameters:
        ///   - value: The number.
        ///   - decimals: Digits after the point.
        public mutating func appendInterpolation(_ value: Float, decimals: Int) {
            appendInterpolation(Double(value), decimals: decimals)
        }

        /// Appends a number as Swift's `description` spells it (`0.1`, `1e-05`, `nan`).
        ///
        /// - Parameter value: The number.
        public mutating func appendInterpolation(_ value: Double) {
            var stream = BufferStream(buffer: buffer)
            value.write(to: &stream)
        }

        /// Appends a `Float` as Swift's `description` spells it.
        ///
        /// - Parameter value: The number.
        public mutating func appendInterpolation(_ value: Float) {
            var stream = BufferStream(buffer: buffer)
            value.write(to: &stream)
        }

        /// Appends a value that writes itself to a text stream (as `print` would show it).
        ///
        /// - Parameter value: The value.
        public mutating func appendInterpolation<Value: TextOutputStreamable & CustomStringConvertible>(
            _ value: Value
        ) {
            var stream = BufferStream(buffer: buffer)
            value.write(to: &stream)
        }

        /// Appends a value's `description`.
        ///
        /// - Parameter value: The value.
        public mutating func appendInterpolation<Value: CustomStringConvertible>(_ value: Value) {
            appendInterpolation(value.description)
        }

        /// Appends any other value as `String(describing:)` shows it.
        ///
        /// - Parameter value: The value.
        public mutating func appendInterpolation<Value>(_ value: Value) {
            appendInterpolation(String(describing: value))
        }
    }
}

/// A text stream appending to a message buffer; ASCII output (numbers) arrives without a `String`.
struct BufferStream: TextOutputStream {
    let buffer: MessageBuffer

    mutating func write(_ string: String) {
        var text = string
        text.withUTF8 { bytes in
            if let base = bytes.baseAddress { buffer.append(base, length: bytes.count) }
        }
    }

    mutating func _writeASCII(_ bytes: UnsafeBufferPointer<UInt8>) {
        if let base = bytes.baseAddress { buffer.append(base, length: bytes.count) }
    }
}
