/// The benchmark workload shared by every Swift program: line `i` logs
/// `step {i} | loss={2.5 - i*1e-6:.4f} reward={(i % 100) * 0.01:.4f}` at INFO.
///
/// Swift has no `%.4f` without Foundation (whose `String(format:)` costs microseconds), so the message is
/// built by ``message(_:)`` straight into one string allocation. Every Swift program (Runlog, swift-log)
/// logs the same strings; ``interpolatedMessage(_:)`` is the idiomatic spelling, measured separately.
public enum Workload {
    /// The loss logged on line `index`.
    @inlinable
    public static func loss(_ index: Int) -> Double { 2.5 - Double(index) * 1e-6 }

    /// The reward logged on line `index`.
    @inlinable
    public static func reward(_ index: Int) -> Double { Double(index % 100) * 0.01 }

    /// The message of line `index`, written into one string allocation.
    @inlinable
    public static func message(_ index: Int) -> String {
        String(unsafeUninitializedCapacity: 64) { buffer in
            var writer = DigitWriter(buffer.baseAddress!)
            writer.literal("step ")
            writer.decimal(index)
            writer.literal(" | loss=")
            writer.fixed4(loss(index))
            writer.literal(" reward=")
            writer.fixed4(reward(index))
            return writer.count
        }
    }

    /// The same message as an ordinary string interpolation with a four-decimal helper.
    @inlinable
    public static func interpolatedMessage(_ index: Int) -> String {
        "step \(index) | loss=\(Fixed4(loss(index))) reward=\(Fixed4(reward(index)))"
    }
}

/// Writes ASCII digits and literals into raw memory (no bounds checks: callers size the memory).
public struct DigitWriter {
    /// Where the next byte goes.
    @usableFromInline let base: UnsafeMutablePointer<UInt8>
    /// Bytes written so far.
    public var count = 0

    /// Writes at `base`.
    ///
    /// - Parameter base: The memory.
    @inlinable
    public init(_ base: UnsafeMutablePointer<UInt8>) { self.base = base }

    /// Appends one byte.
    @inlinable @inline(__always)
    public mutating func byte(_ value: UInt8) {
        base[count] = value
        count &+= 1
    }

    /// Appends a literal.
    @inlinable @inline(__always)
    public mutating func literal(_ text: StaticString) {
        (base + count).update(from: text.utf8Start, count: text.utf8CodeUnitCount)
        count &+= text.utf8CodeUnitCount
    }

    /// Appends a non-negative integer in decimal.
    @inlinable @inline(__always)
    public mutating func decimal(_ value: Int) {
        var digits = 1
        var rest = value
        while rest >= 10 {
            rest /= 10
            digits &+= 1
        }
        var index = count &+ digits &- 1
        rest = value
        repeat {
            base[index] = UInt8(truncatingIfNeeded: 48 &+ rest % 10)
            rest /= 10
            index &-= 1
        } while rest > 0
        count &+= digits
    }

    /// Appends a non-negative integer zero-padded to `width` digits.
    @inlinable @inline(__always)
    public mutating func padded(_ value: Int, width: Int) {
        var rest = value
        var index = count &+ width &- 1
        for _ in 0..<width {
            base[index] = UInt8(truncatingIfNeeded: 48 &+ rest % 10)
            rest /= 10
            index &-= 1
        }
        count &+= width
    }

    /// Appends a non-negative number with exactly four decimals.
    @inlinable @inline(__always)
    public mutating func fixed4(_ value: Double) {
        let scaled = Int((value * 10_000).rounded())
        decimal(scaled / 10_000)
        byte(46)
        padded(scaled % 10_000, width: 4)
    }
}

/// A non-negative number printed with exactly four decimals, for string interpolation.
public struct Fixed4: TextOutputStreamable {
    /// The value times 10,000, rounded.
    public let scaled: Int

    /// Wraps `value`.
    ///
    /// - Parameter value: A non-negative number.
    @inlinable
    public init(_ value: Double) { scaled = Int((value * 10_000).rounded()) }

    /// Writes `whole.ffff`.
    ///
    /// - Parameter target: The stream.
    @inlinable
    public func write(to target: inout some TextOutputStream) {
        // At most 15 bytes: a small (inline) string, no allocation.
        let text = String(unsafeUninitializedCapacity: 15) { buffer in
            var writer = DigitWriter(buffer.baseAddress!)
            writer.decimal(scaled / 10_000)
            writer.byte(46)
            writer.padded(scaled % 10_000, width: 4)
            return writer.count
        }
        target.write(text)
    }
}
