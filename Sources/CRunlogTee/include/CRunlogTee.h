#pragma once
// The inner loop of rankrun's tee, in C: copying runs of plain log lines (printable ASCII and `\n`) from
// a read to the console buffer, each after the child's prefix (see RunlogSupervisor's PlainLineCopier),
// finding the end of a run of printable bytes (ConsoleSafeBytes), and allocating a console file's blocks
// ahead of a large write (AlignedConsoleFile).

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Why `runlog_copy_plain_lines` stopped.
typedef enum runlog_plain_stop {
    /// Every line of the read was copied.
    RUNLOG_PLAIN_END = 0,
    /// The byte at `special_at` is not printable ASCII and ends no line: the line at `next` needs the
    /// careful path.
    RUNLOG_PLAIN_SPECIAL = 1,
    /// The read ends inside the plain line at `next`.
    RUNLOG_PLAIN_UNFINISHED = 2,
    /// The destination has no room for the line at `next`.
    RUNLOG_PLAIN_FULL = 3,
} runlog_plain_stop;

/// What one `runlog_copy_plain_lines` did.
typedef struct runlog_plain_run {
    /// Where the first line not copied starts.
    long next;
    /// How many bytes were written to the destination.
    long written;
    /// How many lines were copied.
    long lines;
    /// Where the byte that stopped a `RUNLOG_PLAIN_SPECIAL` run is.
    long special_at;
    runlog_plain_stop stop;
} runlog_plain_run;

/// Copies the plain lines of `base[start..<count]`, each after the prefix, to `destination`, until the
/// read ends, a line holds a byte other than printable ASCII before its `\n`, or `destination` is full.
///
/// A line is started only with `prefix_count + (count - line_start) + 16` bytes of room left: each line is
/// copied a block at a time (32 bytes where the CPU has AVX2 and the prefix is at most 16 bytes, otherwise
/// 16 with SSE2, or 8), a block that holds the line's end is stored whole (the next line's store overwrites
/// the rest), and a prefix of up to sixteen bytes is stored as one block. No byte at or past `count` is read.
///
/// - Parameters:
///   - prefix: The prefix, readable for at least 16 bytes (padded) when `prefix_count` is 16 or less.
runlog_plain_run runlog_copy_plain_lines(
    const uint8_t *base, long start, long count,
    uint8_t *destination, long capacity,
    const uint8_t *prefix, long prefix_count);

/// `runlog_copy_plain_lines` without the CPU's widest blocks: sixteen bytes at a time with SSE2, eight
/// elsewhere. The same results and bytes; the tests compare the two.
runlog_plain_run runlog_copy_plain_lines_portable(
    const uint8_t *base, long start, long count,
    uint8_t *destination, long capacity,
    const uint8_t *prefix, long prefix_count);

/// The index of the first byte of `base[start..<count]` outside printable ASCII (0x20...0x7E), or `count`:
/// a control (such as the `\n` that ends a line), DEL, or a byte of a non-ASCII scalar. Sixteen bytes at a
/// time where SSE2 is available.
long runlog_printable_ascii_end(const uint8_t *base, long start, long count);

/// Allocates the blocks of `fd[offset..<offset + length]` without changing the file's size
/// (`fallocate(FALLOC_FL_KEEP_SIZE)`), for a write of exactly that range that follows at once. Returns 0, or
/// -1 with `errno` set (for example `EOPNOTSUPP` where the file system cannot).
int runlog_allocate_for_write(int fd, long long offset, long long length);

#ifdef __cplusplus
}
#endif
