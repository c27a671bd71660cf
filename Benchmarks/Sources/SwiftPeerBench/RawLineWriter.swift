import BenchSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The hand-written lower bound: formats each workload line straight into one reusable byte buffer (no
/// String, no allocation) with the same bytes as Runlog's plain text line, `HH:mm:ss    INFO message`,
/// and calls write(2) once `flushAt` bytes are pending (1: once per line).
struct RawLineWriter {
    let fd: Int32
    let flushAt: Int
    let buffer: UnsafeMutablePointer<UInt8>
    var count = 0
    var cachedSecond = -1
    var clock: UInt64 = 0

    init(fd: Int32, flushAt: Int) {
        self.fd = fd
        self.flushAt = flushAt
        buffer = .allocate(capacity: 1 << 17)
    }

    @inline(__always) mutating func byte(_ value: UInt8) {
        buffer[count] = value
        count &+= 1
    }

    @inline(__always) mutating func literal(_ text: StaticString) {
        memcpy(buffer + count, text.utf8Start, text.utf8CodeUnitCount)
        count &+= text.utf8CodeUnitCount
    }

    @inline(__always) mutating func decimal(_ value: Int) {
        var digits = 1
        var rest = value
        while rest >= 10 {
            rest /= 10
            digits &+= 1
        }
        var index = count &+ digits &- 1
        rest = value
        repeat {
            buffer[index] = UInt8(truncatingIfNeeded: 48 &+ rest % 10)
            rest /= 10
            index &-= 1
        } while rest > 0
        count &+= digits
    }

    @inline(__always) mutating func padded(_ value: Int, width: Int) {
        var rest = value
        var index = count &+ width &- 1
        for _ in 0..<width {
            buffer[index] = UInt8(truncatingIfNeeded: 48 &+ rest % 10)
            rest /= 10
            index &-= 1
        }
        count &+= width
    }

    @inline(__always) mutating func fixed4(_ value: Double) {
        let scaled = Int((value * 10_000).rounded())
        decimal(scaled / 10_000)
        byte(46)
        padded(scaled % 10_000, width: 4)
    }

    /// `HH:mm:ss` of now in local time; `localtime_r` runs once per second.
    @inline(__always) mutating func time() {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        if spec.tv_sec != cachedSecond {
            cachedSecond = spec.tv_sec
            var seconds = spec.tv_sec
            var parts = tm()
            localtime_r(&seconds, &parts)
            let start = count
            padded(Int(parts.tm_hour), width: 2)
            byte(58)
            padded(Int(parts.tm_min), width: 2)
            byte(58)
            padded(Int(parts.tm_sec), width: 2)
            memcpy(&clock, buffer + start, 8)
            return
        }
        memcpy(buffer + count, &clock, 8)
        count &+= 8
    }

    /// One workload line at INFO.
    @inline(__always) mutating func line(_ index: Int) {
        time()
        literal("    INFO step ")
        decimal(index)
        literal(" | loss=")
        fixed4(Workload.loss(index))
        literal(" reward=")
        fixed4(Workload.reward(index))
        byte(10)
        if count >= flushAt { flush() }
    }

    mutating func flush() {
        var offset = 0
        while offset < count {
            let written = write(fd, buffer + offset, count - offset)
            if written <= 0 { BenchIO.fail("write failed: errno \(errno)") }
            offset += written
        }
        count = 0
    }
}
