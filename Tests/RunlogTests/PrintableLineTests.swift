import Testing

@testable import Runlog

/// The quick text line (``TextLineEncoder/encodePrintableLine(seconds:prefix:message:to:capacity:)``): a message
/// of printable ASCII is scanned and copied in one pass, 16 or 8 bytes at a time with an overlapping last
/// step, and anything else is left to the general encoder. These tests prove the quick line has the general
/// encoder's bytes, and that every byte the neutraliser looks at, at every position of messages of every
/// length around the step sizes, sends the line to the general path.
@Suite struct PrintableLineTests {
    /// Bytes the neutraliser escapes, replaces or looks at (controls, tab, DEL, UTF-8 lead and continuation
    /// bytes of C1 controls, separators and bidi controls, other non-ASCII).
    static let bytesToNeutralize: [UInt8] = [
        0x00, 0x07, 0x09, 0x0A, 0x0D, 0x1B, 0x1F, 0x7F, 0x80, 0x9B, 0xC2, 0xE2, 0xFF,
    ]
    /// Printable ASCII from its first (space) to its last (tilde) character.
    static let filler = Array(" !\"#$%&'()*+,-./0123456789:;<=>?@ABCXYZ[\\]^_`abcxyz{|}~".utf8)
    static let seconds = 1_795_727_224

    /// A message of `length` printable bytes.
    static func printable(_ length: Int) -> [UInt8] {
        (0..<length).map { filler[$0 % filler.count] }
    }

    /// The line as the general encoder writes it.
    static func general(_ encoder: TextLineEncoder, prefix: [UInt8], message: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        prefix.withUnsafeBufferPointer { prefix in
            message.withUnsafeBufferPointer { message in
                encoder.encodeLine(seconds: seconds, level: .info, prefix: prefix, message: message, into: &output)
            }
        }
        return output
    }

    /// The quick line written into `capacity` bytes, or nil when it was left to the general path; records an
    /// issue if anything was written past `capacity`.
    static func quick(_ encoder: TextLineEncoder, prefix: [UInt8], message: [UInt8], capacity: Int) -> [UInt8]? {
        let guardBytes = 64
        var memory = [UInt8](repeating: 0xAA, count: capacity + guardBytes)
        let length = memory.withUnsafeMutableBufferPointer { memory in
            prefix.withUnsafeBufferPointer { prefix in
                message.withUnsafeBufferPointer { message in
                    encoder.encodePrintableLine(
                        seconds: seconds,
                        prefix: prefix,
                        message: message,
                        to: memory.baseAddress!,
                        capacity: capacity
                    )
                }
            }
        }
        #expect(memory[capacity...].allSatisfy { $0 == 0xAA }, "wrote past the capacity")
        return length < 0 ? nil : Array(memory[..<length])
    }

    /// Plain and coloured encoders with a short prefix (two 8-byte moves) and a long one (a memcpy).
    static func configurations() -> [(encoder: TextLineEncoder, prefix: [UInt8])] {
        var result: [(TextLineEncoder, [UInt8])] = []
        for colored in [false, true] {
            let encoder = TextLineEncoder(colored: colored, layout: TextLayout())
            for tag in [nil, "reverse_text_0"] {
                result.append((encoder, encoder.prefix(level: .info, rank: RankContext(), tag: tag, label: nil)))
            }
        }
        return result
    }

    @Test func printableMessagesOfEveryLengthGiveTheGeneralEncodersBytes() {
        for (encoder, prefix) in Self.configurations() {
            for length in 0...80 {
                let message = Self.printable(length)
                let expected = Self.general(encoder, prefix: prefix, message: message)
                let line = Self.quick(encoder, prefix: prefix, message: message, capacity: 256)
                #expect(line == expected, "length \(length), colored \(encoder.colored)")
            }
        }
    }

    @Test func aByteToNeutralizeAtAnyPositionSendsTheLineToTheGeneralPath() {
        for (encoder, prefix) in Self.configurations() {
            for length in 1...48 {
                for position in 0..<length {
                    for byte in Self.bytesToNeutralize {
                        var message = Self.printable(length)
                        message[position] = byte
                        let line = Self.quick(encoder, prefix: prefix, message: message, capacity: 256)
                        #expect(line == nil, "byte \(byte) at \(position) of \(length), colored \(encoder.colored)")
                    }
                }
            }
        }
    }

    @Test func aLineThatMayNotFitIsLeftToTheGeneralPath() {
        for (encoder, prefix) in Self.configurations() {
            for length in [0, 7, 8, 15, 16, 17, 40] {
                let message = Self.printable(length)
                let expected = Self.general(encoder, prefix: prefix, message: message)
                #expect(Self.quick(encoder, prefix: prefix, message: message, capacity: expected.count) == expected)
                #expect(Self.quick(encoder, prefix: prefix, message: message, capacity: expected.count - 1) == nil)
            }
        }
    }
}
