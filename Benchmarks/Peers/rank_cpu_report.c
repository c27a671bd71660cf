// rank-cpu-report <file>: writes this process's CPU seconds (user + system) to <file>.
//
// A P6 rank (`RunlogBench tee-load`) execs this program as its last step, when RLBENCH_CPU_REPORTER names
// it, instead of reporting its own CPU and exiting. The CPU times a process has used survive exec(2), and
// the exec tears down the rank's whole address space on the rank's account, so the figure includes the
// rank's exit, which a report written just before exiting leaves out (1-2 ms per rank, which the suite
// would otherwise charge to the launcher). This program's own exit is still charged to the launcher, so
// scripts/bench.sh links it statically: no Swift runtime or shared libraries to map and unmap.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: rank-cpu-report <file>\n");
        return 64;
    }
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    double seconds = (double)usage.ru_utime.tv_sec + (double)usage.ru_utime.tv_usec * 1e-6
        + (double)usage.ru_stime.tv_sec + (double)usage.ru_stime.tv_usec * 1e-6;
    char text[64];
    int length = snprintf(text, sizeof text, "%.6f\n", seconds);
    int fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0 || write(fd, text, (size_t)length) != length) {
        fprintf(stderr, "rank-cpu-report: cannot write %s: %s\n", argv[1], strerror(errno));
        return 1;
    }
    close(fd);
    return 0;
}
