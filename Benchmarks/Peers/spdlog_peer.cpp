// spdlog peer of Runlog's benchmark (written for this project; spdlog 1.10 from Debian's libspdlog-dev).
// usage: spdlog_peer MODE N OUTFILE [THREADS]
//   st        basic_file_sink_st logger, one thread
//   mt        basic_file_sink_mt logger, one thread
//   async     async logger (default 8192-slot queue, one worker, block when full)
//   threads   basic_file_sink_mt logger shared by THREADS threads, N lines in total
//   filtered  N debug calls on an info logger (ns per call)
// Line layout matches Runlog's plain text line: "HH:MM:SS    info message" (spdlog spells levels in lower
// case; same length). Prints one JSON line; secs = logging loop + flush/drain/close.
#include <spdlog/async.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>
#include <vector>

static double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

template <typename Logger> static void log_line(Logger &logger, long i) {
    logger->info("step {} | loss={:.4f} reward={:.4f}", i, 2.5 - i * 1e-6, (i % 100) * 0.01);
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: spdlog_peer MODE N OUTFILE [THREADS]\n");
        return 2;
    }
    std::string mode = argv[1];
    long n = atol(argv[2]);
    std::string path = argv[3];
    int threads = argc > 4 ? atoi(argv[4]) : 1;
    unlink(path.c_str());
    std::shared_ptr<spdlog::logger> logger;
    if (mode == "async") {
        logger = spdlog::basic_logger_mt<spdlog::async_factory>("peer", path);
    } else if (mode == "st") {
        logger = spdlog::basic_logger_st("peer", path);
    } else {
        logger = spdlog::basic_logger_mt("peer", path);
    }
    logger->set_pattern("%H:%M:%S %7l %v");
    logger->set_level(spdlog::level::info);
    auto start = std::chrono::steady_clock::now();
    if (mode == "filtered") {
        for (long i = 0; i < n; i++)
            logger->debug("step {} | loss={:.4f} reward={:.4f}", i, 2.5 - i * 1e-6, (i % 100) * 0.01);
    } else if (mode == "threads") {
        std::vector<std::thread> workers;
        for (int t = 0; t < threads; t++)
            workers.emplace_back([&, t] {
                for (long i = t; i < n; i += threads) log_line(logger, i);
            });
        for (auto &worker : workers) worker.join();
    } else {
        for (long i = 0; i < n; i++) log_line(logger, i);
    }
    logger->flush();
    logger.reset();
    spdlog::shutdown();
    double secs = seconds_since(start);
    struct stat info;
    long long bytes = stat(path.c_str(), &info) == 0 ? (long long)info.st_size : 0;
    std::string name = mode == "threads" ? "spdlog-mt-threads" + std::to_string(threads) : "spdlog-" + mode;
    printf("{\"name\": \"%s\", \"n\": %ld, \"secs\": %.6f, \"bytes\": %lld, \"ns_per_call\": %.3f}\n", name.c_str(), n,
           secs, bytes, secs / n * 1e9);
    return 0;
}
