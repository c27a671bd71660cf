import BenchSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The hand-written lower bound: formats each workload line straight into one reusable byte buffer (no
/// String, no allocation) in Runlog's plain text layout, `HH:mm:ss    INFO message`, and calls write(2) once
/// `flushAt` bytes are pending (1: once per line). ``line(_:)`` rounds the decimals quickly (the scaled product
/// rounded: not printf's bytes on about 0.7% of lines); ``lineExact(_:)`` rounds them exactly as printf does,
/// so its bytes are the loggers' bytes.
struct RawLineWriter {
    let fd: Int32
    let flushAt: Int
    let buffer: UnsafeMutablePointer<UInt8>
    /// Formats into `buffer` (the same digit writer the workload uses for its message bytes).
    var out: DigitWriter
    var cachedSecond = -1
    var clock: UInt64 = 0

    init(fd: Int32, flushAt: Int) {
        self.fd = fd
        self.flushAt = flushAt
        buffer = .allocate(capacity: 1 << 17)
        out = DigitWriter(buffer)
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
            let start = out.count
            out.padded(Int(parts.tm_hour), width: 2)
            out.byte(58)
            out.padded(Int(parts.tm_min), width: 2)
            out.byte(58)
            out.padded(Int(parts.tm_sec), width: 2)
            memcpy(&clock, buffer + start, 8)
            return
        }
        memcpy(buffer + out.count, &clock, 8)
        out.count &+= 8
    }

    /// One workload line at INFO.
    @inline(__always) mutating func line(_ index: Int) {
        time()
        out.literal("    INFO step ")
        out.decimal(index)
        out.literal(" | loss=")
        out.fixed4(Workload.loss(index))
        out.literal(" reward=")
        out.fixed4(Workload.reward(index))
        out.byte(10)
        if out.count >= flushAt { flush() }
    }

    /// One workload line at INFO with the decimals rounded exactly as printf rounds (``DigitWriter/fixed4Exact(_:)``):
    /// the same bytes as every logger in the suite writes.
    @inline(__always) mutating func lineExact(_ index: Int) {
        time()
        out.literal("    INFO step ")
        out.decimal(index)
        out.literal(" | loss=")
        out.fixed4Exact(Workload.loss(index))
        out.literal(" reward=")
        out.fixed4Exact(Workload.reward(index))
        out.byte(10)
        if out.count >= flushAt { flush() }
    }

    mutating func flush() {
        var offset = 0
        while offset < out.count {
            let written = write(fd, buffer + offset, out.count - offset)
            if written <= 0 { BenchIO.fail("write failed: errno \(errno)") }
            offset += written
        }
        out.count = 0
    }
}
