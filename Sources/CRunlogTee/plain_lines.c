// rankrun's tee spends most of its user time here, once per line the ranks print (issue 6, P6). In C
// because the loop wants its positions in registers and a byte mask of each block (SSE2's movemask), which
// the Swift version compiled to stack traffic and a two-step search for the line's end. What counts as
// printable is CRunlogHotPath's, shared with Runlog's message copy.
#include "CRunlogTee.h"

#include <CRunlogHotPath.h>

#include <string.h>

runlog_plain_run runlog_copy_plain_lines(
    const uint8_t *base, long start, long count,
    uint8_t *destination, long capacity,
    const uint8_t *prefix, long prefix_count) {
    long line_start = start;
    long written = 0;
    long lines = 0;
    const uint8_t *read_end = base + count;
#if defined(__SSE2__)
    runlog_u8x16 prefix_block;
    __builtin_memcpy(&prefix_block, prefix, 16);
#endif
    while (line_start < count) {
        if (written + prefix_count + (count - line_start) + 16 > capacity) {
            return (runlog_plain_run){line_start, written, lines, 0, RUNLOG_PLAIN_FULL};
        }
        uint8_t *out = destination + written;
#if defined(__SSE2__)
        if (prefix_count <= 16) {
            __builtin_memcpy(out, &prefix_block, 16);
        } else {
            memcpy(out, prefix, (size_t)prefix_count);
        }
#else
        memcpy(out, prefix, prefix_count <= 16 ? 16 : (size_t)prefix_count);
#endif
        // `from` walks the read and `to` the console copy of this line, block by block.
        const uint8_t *from = base + line_start;
        uint8_t *to = out + prefix_count;
        const uint8_t *end = NULL;  // the line's last byte: its `\n`, or the byte that needs a closer look
#if defined(__SSE2__)
        while (read_end - from >= 16) {
            unsigned printable = runlog_copy_block16(to, from);
            if (printable != 0xFFFF) {
                end = from + __builtin_ctz(~printable);
                break;
            }
            from += 16;
            to += 16;
        }
#else
        while (read_end - from >= 8) {
            uint64_t word;
            memcpy(&word, from, 8);
            memcpy(to, &word, 8);
            if (!runlog_word_is_printable(word)) {
                end = from;
                while (runlog_byte_is_printable(*end)) end++;
                break;
            }
            from += 8;
            to += 8;
        }
#endif
        if (end == NULL) {
            // The last few bytes of the read.
            const uint8_t *tail = from;
            while (from < read_end && runlog_byte_is_printable(*from)) from++;
            if (from == read_end) {
                return (runlog_plain_run){line_start, written, lines, 0, RUNLOG_PLAIN_UNFINISHED};
            }
            end = from;
            memcpy(to, tail, (size_t)(end - tail + 1));
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
