// rankrun's tee spends most of its user time here, once per line the ranks print (issue 6, P6). In C
// because the loop wants its positions in registers and a byte mask of each block (SSE2's movemask), which
// the Swift version compiled to stack traffic and a two-step search for the line's end. What counts as
// printable is CRunlogHotPath's, shared with Runlog's message copy.
//
// One loop body serves every block width: 32 bytes where the CPU has AVX2 (a log line is then about two
// blocks instead of four), 16 with SSE2, 8 elsewhere. With AVX2 and the read's last bytes out of line, the
// launcher's user-space cost went from 91 to 64 instructions per tee'd line (callgrind, rankrun at 100k and
// 300k lines).
#include "CRunlogTee.h"

#include <CRunlogHotPath.h>

#include <string.h>

// A block step copies `width` bytes and returns the lanes that are not printable ASCII (0 when all are); the
// first such lane is where the line ends, at its `\n` or at a byte that needs the careful path. A lane is one
// bit of the mask for a vector step and eight bits for the word step.
typedef uint64_t (*special_lanes_step)(uint8_t *to, const uint8_t *from);

#if defined(__SSE2__)
static inline __attribute__((always_inline)) uint64_t special_lanes16(uint8_t *to, const uint8_t *from) {
    return runlog_copy_block16(to, from) ^ 0xFFFFu;
}
#else
// Eight bytes as a word: the SWAR test's high bits mark the failing bytes, exactly up to the first one.
static inline __attribute__((always_inline)) uint64_t special_lanes8(uint8_t *to, const uint8_t *from) {
    const uint64_t ones = 0x0101010101010101ull;
    const uint64_t high = 0x8080808080808080ull;
    uint64_t word;
    memcpy(&word, from, 8);
    memcpy(to, &word, 8);
    uint64_t delete_distance = word ^ (0x7F * ones);
    return (word & high) | ((word - 0x20 * ones) & ~word & high) |
           ((delete_distance - ones) & ~delete_distance & high);
}
#endif

// The end of a line that reaches the read's last bytes (fewer than one block): byte by byte, once per read,
// out of line so the block loop keeps its registers. Returns NULL when the read ends inside the line.
static __attribute__((noinline)) const uint8_t *copy_last_bytes(
    uint8_t *to, const uint8_t *from, const uint8_t *read_end) {
    const uint8_t *end = from;
    while (end < read_end && runlog_byte_is_printable(*end)) end++;
    if (end == read_end) return NULL;
    memcpy(to, from, (size_t)(end - from + 1));
    return end;
}

// The loop, written once: each caller passes constants for the block step, so the compiler builds one loop
// per width. `short_prefix` stores a prefix of up to sixteen bytes as one block; a longer one takes memcpy.
static inline __attribute__((always_inline)) runlog_plain_run copy_plain_lines_with(
    const uint8_t *base, long start, long count,
    uint8_t *destination, long capacity,
    const uint8_t *prefix, long prefix_count,
    long width, special_lanes_step step, int bits_per_lane, int short_prefix) {
    long line_start = start;
    long written = 0;
    long lines = 0;
    const uint8_t *read_end = base + count;
    uint8_t prefix_block[16];
    memcpy(prefix_block, prefix, 16);
    while (line_start < count) {
        if (written + prefix_count + (count - line_start) + 16 > capacity) {
            return (runlog_plain_run){line_start, written, lines, 0, RUNLOG_PLAIN_FULL};
        }
        uint8_t *out = destination + written;
        if (short_prefix) {
            memcpy(out, prefix_block, 16);
        } else {
            memcpy(out, prefix, (size_t)prefix_count);
        }
        // `from` walks the read and `to` the console copy of this line, block by block.
        const uint8_t *from = base + line_start;
        uint8_t *to = out + prefix_count;
        const uint8_t *end;  // the line's last byte: its `\n`, or the byte that needs a closer look
        for (;;) {
            if (read_end - from < width) {
                end = copy_last_bytes(to, from, read_end);
                if (end == NULL) {
                    return (runlog_plain_run){line_start, written, lines, 0, RUNLOG_PLAIN_UNFINISHED};
                }
                break;
            }
            uint64_t special = step(to, from);
            if (special != 0) {
                end = from + __builtin_ctzll(special) / bits_per_lane;
                break;
            }
            from += width;
            to += width;
        }
        long end_index = end - base;
        if (*end != '\n') {
            return (runlog_plain_run){line_start, written, lines, end_index, RUNLOG_PLAIN_SPECIAL};
        }
        written += prefix_count + (end_index - line_start) + 1;
        lines += 1;
        line_start = end_index + 1;
    }
    return (runlog_plain_run){line_start, written, lines, 0, RUNLOG_PLAIN_END};
}

#if defined(__SSE2__)
#define PORTABLE_STEP special_lanes16, 1
#define PORTABLE_WIDTH 16
#else
#define PORTABLE_STEP special_lanes8, 8
#define PORTABLE_WIDTH 8
#endif

runlog_plain_run runlog_copy_plain_lines_portable(
    const uint8_t *base, long start, long count,
    uint8_t *destination, long capacity,
    const uint8_t *prefix, long prefix_count) {
    // Two loops: a long prefix takes memcpy, whose call would cost the usual loop its registers.
    int short_prefix = prefix_count <= 16;
    if (short_prefix) {
        return copy_plain_lines_with(
            base, start, count, destination, capacity, prefix, prefix_count, PORTABLE_WIDTH, PORTABLE_STEP, 1);
    }
    return copy_plain_lines_with(
        base, start, count, destination, capacity, prefix, prefix_count, PORTABLE_WIDTH, PORTABLE_STEP, 0);
}

#if defined(__x86_64__)
typedef unsigned char runlog_u8x32 __attribute__((vector_size(32)));
typedef signed char runlog_i8x32 __attribute__((vector_size(32)));
typedef char runlog_c8x32 __attribute__((vector_size(32)));

// As runlog_printable_lanes16, 32 bytes at a time, inverted: the lanes that are not printable.
__attribute__((target("avx2"), always_inline)) static inline uint64_t special_lanes32(
    uint8_t *to, const uint8_t *from) {
    runlog_u8x32 block;
    __builtin_memcpy(&block, from, 32);
    __builtin_memcpy(to, &block, 32);
    runlog_i8x32 shifted = (runlog_i8x32)(block + (unsigned char)0x60);
    runlog_i8x32 printable = (runlog_i8x32)(shifted < (signed char)-33);
    return (uint32_t)~__builtin_ia32_pmovmskb256((runlog_c8x32)printable);
}

__attribute__((target("avx2"))) static runlog_plain_run copy_plain_lines_avx2(
    const uint8_t *base, long start, long count,
    uint8_t *destination, long capacity,
    const uint8_t *prefix, long prefix_count) {
    return copy_plain_lines_with(
        base, start, count, destination, capacity, prefix, prefix_count, 32, special_lanes32, 1, 1);
}
#endif

runlog_plain_run runlog_copy_plain_lines(
    const uint8_t *base, long start, long count,
    uint8_t *destination, long capacity,
    const uint8_t *prefix, long prefix_count) {
#if defined(__x86_64__)
    // The CPU model the C runtime read at start-up: one load and a test per read, not per line.
    if (prefix_count <= 16 && __builtin_cpu_supports("avx2")) {
        return copy_plain_lines_avx2(base, start, count, destination, capacity, prefix, prefix_count);
    }
#endif
    return runlog_copy_plain_lines_portable(base, start, count, destination, capacity, prefix, prefix_count);
}

long runlog_printable_ascii_end(const uint8_t *base, long start, long count) {
    const uint8_t *from = base + start;
    const uint8_t *read_end = base + count;
#if defined(__SSE2__)
    while (read_end - from >= 16) {
        runlog_u8x16 block;
        __builtin_memcpy(&block, from, 16);
        unsigned printable = runlog_printable_lanes16(block);
        if (printable != 0xFFFF) return (from - base) + __builtin_ctz(~printable);
        from += 16;
    }
#endif
    while (from < read_end && runlog_byte_is_printable(*from)) from++;
    return from - base;
}
