import CRunlogHotPath

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes integers and fixed-point numbers as ASCII straight into a ``MessageBuffer``, with no `String`.
///
/// Fixed-point output is exactly C's `printf("%.*f")`: the decimal digits of the exact binary value,
/// rounded half to even, a `-` whenever the sign bit is set (so `-0.0000`), `nan`/`inf` for the specials.
enum DecimalFormatter {
    /// Appends `magnitude` in decimal, after a `-` when `negative`.
    @inline(__always)
    static func appendInteger(_ magnitude: UInt64, negative: Bool, into buffer: MessageBuffer) {
        // A sign and 20 digits at most. Growing the buffer is a tail call, so the usual path makes no call and
        // saves no registers.
        guard buffer.hasRoom(21) else {
            appendIntegerGrowing(magnitude, negative: negative, into: buffer)
            return
        }
        writeInteger(magnitude, negative: negative, into: buffer)
    }

    /// ``appendInteger(_:negative:into:)`` when the buffer must grow first.
    @inline(never)
    private static func appendIntegerGrowing(_ magnitude: UInt64, negative: Bool, into buffer: MessageBuffer) {
        buffer.grow(toHold: buffer.count + 21)
        writeInteger(magnitude, negative: negative, into: buffer)
    }

    /// Writes `magnitude` in decimal, after a `-` when `negative`, into a buffer with room for 21 bytes.
    @inline(__always)
    private static func writeInteger(_ magnitude: UInt64, negative: Bool, into buffer: MessageBuffer) {
        let start = buffer.base + buffer.count
        let sign = negative ? 1 : 0
        if negative { start[0] = UInt8(ascii: "-") }
        let digits = digitCount(magnitude)
        writeDigits(magnitude, endingAt: start + (sign &+ digits))
        buffer.count &+= sign &+ digits
    }

    /// The number of decimal digits of `value` (1 for 0), without a loop (see `runlog_decimal_digit_count`).
    @inline(__always)
    private static func digitCount(_ value: UInt64) -> Int {
        Int(runlog_decimal_digit_count(value))
    }

    /// "00" "01" ... "99": two digits per division.
    private static let digitPairs: StaticString =
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"

    /// Writes the decimal digits of `value` so that the last one is just before `end`.
    @inline(__always)
    private static func writeDigits(_ value: UInt64, endingAt end: UnsafeMutablePointer<UInt8>) {
        let pairs = digitPairs.utf8Start
        var cursor = end
        var rest = value
        while rest >= 100 {
            let pair = Int(truncatingIfNeeded: rest % 100) &* 2
            rest /= 100
            cursor -= 2
            cursor[0] = pairs[pair]
            cursor[1] = pairs[pair &+ 1]
        }
        if rest >= 10 {
            let pair = Int(truncatingIfNeeded: rest) &* 2
            cursor -= 2
            cursor[0] = pairs[pair]
            cursor[1] = pairs[pair &+ 1]
        } else {
            cursor -= 1
            cursor[0] = UInt8(truncatingIfNeeded: 48 &+ rest)
        }
    }

    /// 10^`exponent` for 0...9, the decimals the exact fast path handles.
    @inline(__always)
    private static func powerOfTen(_ exponent: Int) -> UInt64 {
        switch exponent {
        case 0: return 1
        case 1: return 10
        case 2: return 100
        case 3: return 1000
        case 4: return 10_000
        case 5: return 100_000
        case 6: return 1_000_000
        case 7: return 10_000_000
        case 8: return 100_000_000
        default: return 1_000_000_000
        }
    }

    /// 5^`exponent` for 0...9.
    @inline(__always)
    private static func powerOfFive(_ exponent: Int) -> UInt64 {
        switch exponent {
        case 0: return 1
        case 1: return 5
        case 2: return 25
        case 3: return 125
        case 4: return 625
        case 5: return 3125
        case 6: return 15_625
        case 7: return 78_125
        case 8: return 390_625
        default: return 1_953_125
        }
    }

    /// Appends `value` with exactly `decimals` digits after the point (none and no point when 0), rounded as
    /// `printf("%.*f")` rounds: exactly, ties to even.
    ///
    /// Each count from 0 to 9 gets its own copy of ``appendFixed(_:power:decimals:into:)`` with the power of
    /// ten as a constant: the scaling, the division by the power and the fraction's digits then need no
    /// table and no loop.
    @inline(__always)
    static func appendFixed(_ value: Double, decimals: Int, into buffer: MessageBuffer) {
        switch decimals {
        case 0: appendFixed(value, power: 1, decimals: 0, into: buffer)
        case 1: appendFixed(value, power: 10, decimals: 1, into: buffer)
        case 2: appendFixed(value, power: 100, decimals: 2, into: buffer)
        case 3: appendFixed(value, power: 1000, decimals: 3, into: buffer)
        case 4: appendFixed(value, power: 10_000, decimals: 4, into: buffer)
        case 5: appendFixed(value, power: 100_000, decimals: 5, into: buffer)
        case 6: appendFixed(value, power: 1_000_000, decimals: 6, into: buffer)
        case 7: appendFixed(value, power: 10_000_000, decimals: 7, into: buffer)
        case 8: appendFixed(value, power: 100_000_000, decimals: 8, into: buffer)
        case 9: appendFixed(value, power: 1_000_000_000, decimals: 9, into: buffer)
        default: appendFixedRare(value, decimals: decimals, into: buffer)
        }
    }

    /// ``appendFixed(_:decimals:into:)`` for one count; `power` is 10^`decimals`.
    @inline(__always)
    private static func appendFixed(_ value: Double, power: UInt64, decimals: Int, into buffer: MessageBuffer) {
        let product = value.magnitude * Double(power)
        // Adding 2^52 rounds the product to an integer (to nearest, ties to even), which lands in the low bits
        // of the sum; `distance` (exact) is how far the product was from it. Below 2^40 the product is within
        // 2^-13 of the exact scaled value, so unless the product is that close to a tie the rounded product is
        // the exactly rounded result.
        let shifted = product + 0x1p52
        let distance = product - (shifted - 0x1p52)
        // The common case: a scaled magnitude below 2^40 (false for NaN and the infinities), not that close to
        // a tie, and room for a sign, 13 integer digits, the point and 9 decimals. Everything else is a tail
        // call to the rare path, so the usual path makes no call and saves no registers.
        guard product < 0x1p40, distance.magnitude < 0.5 - 0x1p-10, buffer.hasRoom(24) else {
            appendFixedRare(value, decimals: decimals, into: buffer)
            return
        }
        let scaled = shifted.bitPattern & 0xF_FFFF_FFFF_FFFF
        let start = buffer.base + buffer.count
        buffer.count &+= writeFixed(scaled, power: power, decimals: decimals, negative: value.sign == .minus, to: start)
    }

    /// ``appendFixed(_:decimals:into:)`` outside the common case: special values, more than 9 or negative
    /// decimals, scaled magnitudes from 2^40, products near a tie, and a buffer that must grow first.
    @inline(never)
    private static func appendFixedRare(_ value: Double, decimals requested: Int, into buffer: MessageBuffer) {
        let decimals = max(0, requested)
        let negative = value.sign == .minus
        guard value.isFinite else {
            let text: StaticString = value.isNaN ? "nan" : "inf"
            if negative { buffer.append(UInt8(ascii: "-")) }
            buffer.append(text.utf8Start, length: text.utf8CodeUnitCount)
            return
        }
        let magnitude = value.magnitude
        let product = magnitude * Double(powerOfTen(decimals))
        let scaled: UInt64
        if product < 0x1p40, decimals <= 9 {
            let whole = Int64(product)  // truncates: the floor of a non-negative number
            let fraction = product - Double(whole)  // exact
            // Below 2^40 the product is within 2^-13 of the exact scaled value; unless its fraction is that
            // close to one half, rounding it gives the exactly rounded result.
            if (fraction - 0.5).magnitude > 0x1p-10 {
                scaled = UInt64(truncatingIfNeeded: whole) &+ (fraction > 0.5 ? 1 : 0)
            } else {
                scaled = exactlyScaled(magnitude, decimals: decimals)
            }
        } else if decimals <= 9, product < 0x1p62 {
            scaled = exactlyScaled(magnitude, decimals: decimals)
        } else {
            appendFixedSlow(value, decimals: decimals, into: buffer)
            return
        }
        // At most a sign, 19 integer digits (the scaled value is below 2^62), the point and 9 decimals.
        let start = buffer.reserve(30)
        buffer.count &+= writeFixed(scaled, decimals: decimals, negative: negative, to: start)
    }

    /// `magnitude * 10^decimals` rounded half to even, computed exactly: magnitude = significand * 2^exponent,
    /// so the scaled value is significand * 5^d * 2^(exponent + d), an integer product and a shift.
    @inline(never)
    private static func exactlyScaled(_ magnitude: Double, decimals: Int) -> UInt64 {
        guard magnitude != 0 else { return 0 }
        let bits = magnitude.bitPattern
        let biased = Int(truncatingIfNeeded: bits >> 52)
        let significand = (bits & 0xF_FFFF_FFFF_FFFF) | (biased == 0 ? 0 : 1 << 52)
        let exponent = (biased == 0 ? 1 : biased) - 1075
        let shift = -(exponent + decimals)
        let product = UInt128(significand) * UInt128(powerOfFive(decimals))
        if shift <= 0 { return UInt64(truncatingIfNeeded: product << UInt128(-shift)) }
        if shift >= 120 { return 0 }  // the product is below 2^75: far below one half
        let quotient = UInt64(truncatingIfNeeded: product >> UInt128(shift))
        let remainder = product & ((1 << UInt128(shift)) - 1)
        let half = UInt128(1) << UInt128(shift - 1)
        return remainder > half || (remainder == half && quotient & 1 == 1) ? quotient + 1 : quotient
    }

    /// Writes `scaled / 10^decimals` with `decimals` (0...9) digits after the point at `start` and returns
    /// the length. Each count gets its own copy of ``writeFixed(_:power:decimals:negative:to:)`` with the
    /// power of ten as a constant, so the division by it becomes a multiplication and the digit loop unrolls.
    @inline(__always)
    private static func writeFixed(
        _ scaled: UInt64,
        decimals: Int,
        negative: Bool,
        to start: UnsafeMutablePointer<UInt8>
    ) -> Int {
        switch decimals {
        case 0: return writeFixed(scaled, power: 1, decimals: 0, negative: negative, to: start)
        case 1: return writeFixed(scaled, power: 10, decimals: 1, negative: negative, to: start)
        case 2: return writeFixed(scaled, power: 100, decimals: 2, negative: negative, to: start)
        case 3: return writeFixed(scaled, power: 1000, decimals: 3, negative: negative, to: start)
        case 4: return writeFixed(scaled, power: 10_000, decimals: 4, negative: negative, to: start)
        case 5: return writeFixed(scaled, power: 100_000, decimals: 5, negative: negative, to: start)
        case 6: return writeFixed(scaled, power: 1_000_000, decimals: 6, negative: negative, to: start)
        case 7: return writeFixed(scaled, power: 10_000_000, decimals: 7, negative: negative, to: start)
        case 8: return writeFixed(scaled, power: 100_000_000, decimals: 8, negative: negative, to: start)
        default: return writeFixed(scaled, power: 1_000_000_000, decimals: 9, negative: negative, to: start)
        }
    }

    /// ``writeFixed(_:decimals:negative:to:)`` for one count; `power` is 10^`decimals`.
    @inline(__always)
    private static func writeFixed(
        _ scaled: UInt64,
        power: UInt64,
        decimals: Int,
        negative: Bool,
        to start: UnsafeMutablePointer<UInt8>
    ) -> Int {
        let integer = scaled / power
        let integerDigits = digitCount(integer)
        let sign = negative ? 1 : 0
        let length = sign &+ integerDigits &+ (decimals > 0 ? 1 &+ decimals : 0)
        if negative { start[0] = UInt8(ascii: "-") }
        writeDigits(integer, endingAt: start + (sign &+ integerDigits))
        if decimals > 0 {
            start[sign &+ integerDigits] = UInt8(ascii: ".")
            // The fraction, zero-padded to `decimals` digits, two digits at a time from the right.
            let fractionStart = start + (sign &+ integerDigits &+ 1)
            var rest = scaled &- integer &* power
            var index = decimals &- 1
            while index >= 1 {
                // The leftmost pair of an even count is all that is left (below 100): no division for it.
                let pair: Int
                if index == 1 {
                    pair = Int(truncatingIfNeeded: rest) &* 2
                } else {
                    pair = Int(truncatingIfNeeded: rest % 100) &* 2
                    rest /= 100
                }
                fractionStart[index &- 1] = digitPairs.utf8Start[pair]
                fractionStart[index] = digitPairs.utf8Start[pair &+ 1]
                index &-= 2
            }
            // The leftmost digit of an odd count: what is left is below 10.
            if index == 0 { fractionStart[0] = UInt8(truncatingIfNeeded: 48 &+ rest) }
        }
        return length
    }

    /// Huge values or many decimals: C's own formatting (rare; allocates).
    private static func appendFixedSlow(_ value: Double, decimals: Int, into buffer: MessageBuffer) {
        let precision = Int32(min(decimals, 400))
        // Up to 309 integer digits, the point and the decimals.
        let capacity = 330 + Int(precision)
        let start = buffer.reserve(capacity)
        let written = withVaList([precision, value]) { arguments in
            vsnprintf(UnsafeMutableRawPointer(start).assumingMemoryBound(to: CChar.self), capacity, "%.*f", arguments)
        }
        buffer.count &+= Int(max(0, min(written, Int32(capacity - 1))))
    }
}
