// Allocating a console file's blocks for a write about to land on them (see RunlogSupervisor's
// AlignedConsoleFile). In C because fallocate(2) needs _GNU_SOURCE, which Swift's Glibc module leaves out.
#define _GNU_SOURCE
#include "CRunlogTee.h"

#include <fcntl.h>

int runlog_allocate_for_write(int fd, long long offset, long long length) {
    return fallocate(fd, FALLOC_FL_KEEP_SIZE, (off_t)offset, (off_t)length);
}
