import CRunlogHotPath
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Formats `HH:mm:ss` local time, calling `localtime_r` at most about once per second.
///
/// `localtime_r` costs about 3 µs on Linux when `TZ` is unset (glibc stats /etc/localtime each call), which
/// would dominate a log call. The last formatted second is packed into one atomic word (40 bits of epoch
/// seconds, six 4-bit digits), so readers on any thread never lock and never see a torn value.
enum LocalTimeCache {
    private static let packed = Atomic<UInt64>(UInt64.max)
    private static let utcOffset = Atomic<Int>(0)

    /// Appends the eight bytes `HH:mm:ss` for `seconds` (since the epoch) in local time.
    @inline(__always)
    static func appendClock<Output: LineOutput>(seconds: Int, into output: inout Output) {
        var text = clockText(seconds: seconds)
        withUnsafeBytes(of: &text) { raw in
            output.appendBytes(raw.baseAddress!.assumingMemoryBound(to: UInt8.self), count: 8)
        }
    }

    /// `HH:mm:ss` for `seconds` as eight ASCII bytes in memory order (little-endian word).
    ///
    /// Each thread keeps the text of its last second (`runlog_thread_clock_text`): consecutive lines of a
    /// thread nearly always share their second, and then the text costs one compare instead of the shared
    /// cache's atomic load and the spreading of its digits.
    @inline(__always)
    static func clockText(seconds: Int) -> UInt64 {
        let cache = runlog_thread_clock_text_get()!
        if cache.pointee.seconds == Int64(truncatingIfNeeded: seconds) { return cache.pointee.text }
        return refreshThreadText(seconds: seconds, cache: cache)
    }

    /// Formats `seconds` through the shared cache and keeps it as the thread's last second.
    @inline(never)
    private static func refreshThreadText(seconds: Int, cache: UnsafeMutablePointer<runlog_clock_text>) -> UInt64 {
        let text = sharedClockText(seconds: seconds)
        cache.pointee = runlog_clock_text(seconds: Int64(truncatingIfNeeded: seconds), text: text)
        return text
    }

    /// ``clockText(seconds:)`` from the cache shared by all threads (or `localtime_r`).
    static func sharedClockText(seconds: Int) -> UInt64 {
        let digits = clockDigits(seconds: seconds)
        // Spread the six 4-bit digits HHmmss over bytes 0, 1, 3, 4, 6, 7 and add '0'; bytes 2 and 5 are ':'.
        let hours = (digits >> 20 & 0xF) | (digits >> 16 & 0xF) << 8
        let minutes = (digits >> 12 & 0xF) << 24 | (digits >> 8 & 0xF) << 32
        let seconds = (digits >> 4 & 0xF) << 48 | (digits & 0xF) << 56
        return (hours | minutes | seconds) + 0x3030_3A30_303A_3030
    }

    /// The local-time offset from UTC in seconds, as of the last formatted second (used by the flight
    /// recorder, which may not call `localtime_r` inside a signal handler).
    static var lastUTCOffset: Int { utcOffset.load(ordering: .relaxed) }

    /// The six digits HHmmss of `seconds`, 4 bits each, from the cache or from `localtime_r`.
    @inline(__always)
    private static func clockDigits(seconds: Int) -> UInt64 {
        let key = UInt64(truncatingIfNeeded: seconds) & 0xFF_FFFF_FFFF
        let current = packed.load(ordering: .relaxed)
        if current != UInt64.max, current >> 24 == key {
            return current & 0xFF_FFFF
        }
        return refreshDigits(seconds: seconds, key: key)
    }

    /// Formats `seconds` with `localtime_r` and caches the result (at most about once a second).
    @inline(never)
    private static func refreshDigits(seconds: Int, key: UInt64) -> UInt64 {
        var time = time_t(seconds)
        var parts = tm()
        localtime_r(&time, &parts)
        let hour = UInt64(parts.tm_hour)
        let minute = UInt64(parts.tm_min)
        let second = UInt64(parts.tm_sec)
        let digits =
            (hour / 10) << 20 | (hour % 10) << 16 | (minute / 10) << 12 | (minute % 10) << 8 | (second / 10) << 4
            | (second % 10)
        packed.store(key << 24 | digits, ordering: .relaxed)
        utcOffset.store(Int(parts.tm_gmtoff), ordering: .relaxed)
        return digits
    }
}
