import BenchSupport
import Foundation

/// Proves ``DigitWriter/fixed4Exact(_:)`` writes what `String(format: "%.4f")` writes for the workload's
/// values (both numbers of `count` lines) and for values around ties, where quick rounding goes wrong.
enum ExactDecimalsCheck {
    /// The number of values whose exact four decimals differ from `String(format: "%.4f")`.
    static func mismatches(count: Int) -> Int {
        var values: [Double] = []
        values.reserveCapacity(2 * count + 40_000)
        for index in 0..<count {
            values.append(Workload.loss(index))
            values.append(Workload.reward(index))
        }
        // Ties and near-ties of the fifth decimal, their neighbours, negatives, zeros and tiny values.
        for tie in 0..<10_000 {
            let value = (Double(tie) + 0.5) / 10_000
            values += [value, value.nextUp, value.nextDown, -value]
        }
        values += [
            0, -0.0, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, 1e-300, 0.00005, 0.00015, 1.00005, 123_456.78905,
            0x1p40 - 1, 0x1p40,
        ]
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: 512)
        defer { buffer.deallocate() }
        var mismatches = 0
        for value in values {
            var writer = DigitWriter(buffer)
            writer.fixed4Exact(value)
            let ours = String(decoding: UnsafeBufferPointer(start: buffer, count: writer.count), as: UTF8.self)
            let expected = String(format: "%.4f", value)
            if ours != expected {
                if mismatches < 5 { FileHandle.standardError.write(Data("\(value): \(ours) != \(expected)\n".utf8)) }
                mismatches += 1
            }
        }
        return mismatches
    }
}
