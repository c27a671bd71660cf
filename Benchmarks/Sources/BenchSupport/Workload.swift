#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The benchmark workload shared by every Swift program: line `i` logs
/// `step {i} | loss={2.5 - i*1e-6:.4f} reward={(i % 100) * 0.01:.4f}` at INFO.
///
/// Runlog logs it as a `LogMessage` interpolation, `"step \(i) | loss=\(loss, decimals: 4) ..."`, which
/// formats the numbers itself (rounded exactly as printf, like spdlog and Python). Swift has no `%.4f` without
/// Foundation (whose `String(format:)` costs microseconds), so for swift-log the message is built by
/// ``message(_:)`` straight into one string allocation (its quick rounding of the scaled value differs from
/// printf's on about 0.7% of lines); ``interpolatedMessage(_:)`` is the idiomatic `String` spelling, measured
/// separately.
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

    /// Appends a number with exactly four decimals, rounded exactly as printf's `%.4f` rounds: the exact
    /// binary value times 10^4, rounded half to even (a `-` when the sign bit is set).
    ///
    /// A finite double is `m * 2^e` with an integer `m < 2^53`, so `value * 10^4 = m * 625 * 2^(e + 4)`: the
    /// integer `m * 625` fits in 64 bits (625 < 2^10) and the power of two is a shift, whose dropped bits
    /// decide the rounding. Values of 2^40 and more (and NaN, infinities) go through `snprintf`.
    @inlinable @inline(__always)
    public mutating func fixed4Exact(_ value: Double) {
        let bits = value.bitPattern
        if bits >> 63 != 0 { byte(45) }
        let biased = Int(truncatingIfNeeded: (bits >> 52) & 0x7FF)
        guard biased < 1023 + 40 else { return fixed4Printf(value.magnitude) }
        let mantissa = (bits & 0xF_FFFF_FFFF_FFFF) | (biased == 0 ? 0 : 1 << 52)
        let product = mantissa &* 625
        // value * 10^4 = product * 2^-shift; shift >= 1071 - 1062 > 0 below 2^40.
        let shift = 1075 &- 4 &- (biased == 0 ? 1 : biased)
        let scaled: UInt64
        if shift >= 64 {
            scaled = 0  // product < 2^63: below one half
        } else {
            let quotient = product >> UInt64(shift)
            let remainder = product & ((1 << UInt64(shift)) &- 1)
            let half = UInt64(1) << UInt64(shift &- 1)
            let roundsUp = remainder > half || (remainder == half && quotient & 1 == 1)
            scaled = quotient &+ (roundsUp ? 1 : 0)
        }
        decimal(Int(scaled / 10_000))
        byte(46)
        padded(Int(scaled % 10_000), width: 4)
    }

    /// `%.4f` of a non-negative `value` by the C library (huge values, NaN, infinity; never on the workload).
    @inline(never)
    public mutating func fixed4Printf(_ value: Double) {
        var text = [CChar](repeating: 0, count: 400)
        let length = withVaList([value]) { vsnprintf(&text, text.count, "%.4f", $0) }
        for index in 0..<Int(length) { byte(UInt8(bitPattern: text[index])) }
    }

    /// Appends a non-negative number with exactly four decimals (quick: rounds the scaled product, which
    /// differs from printf's exact rounding on about 0.7% of the workload's lines).
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
