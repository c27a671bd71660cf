#!/usr/bin/env python3
"""Python peers of Runlog's benchmark (written for this project).

usage: python_peer.py MODE N OUTFILE
  loguru            loguru file sink (synchronous, prime-rl's choice), line layout "HH:mm:ss    INFO message"
  logging           the standard library's logging.FileHandler, same layout
  loguru-filtered   N debug calls on an INFO sink (ns per call)
  logging-filtered  the same with the standard library
Prints one JSON line: {"name", "n", "secs", "bytes"}; secs = logging loop + final flush/close.
"""
import json
import os
import sys
import time

mode, n, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
if os.path.exists(path):
    os.unlink(path)


def loguru_logger():
    from loguru import logger

    logger.remove()
    logger.add(path, format="{time:HH:mm:ss} {level: >7} {message}", level="INFO", colorize=False)
    return logger


def stdlib_logger():
    import logging

    log = logging.getLogger("peer")
    log.setLevel(logging.INFO)
    log.propagate = False
    handler = logging.FileHandler(path, mode="a", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)7s %(message)s", datefmt="%H:%M:%S"))
    log.addHandler(handler)
    return log, handler


result = {"name": mode, "n": n}
if mode == "loguru":
    logger = loguru_logger()
    info = logger.info
    start = time.perf_counter()
    for i in range(n):
        info("step {} | loss={:.4f} reward={:.4f}", i, 2.5 - i * 1e-6, (i % 100) * 0.01)
    logger.complete()
    logger.remove()
    result["secs"] = time.perf_counter() - start
elif mode == "logging":
    log, handler = stdlib_logger()
    info = log.info
    start = time.perf_counter()
    for i in range(n):
        info("step %d | loss=%.4f reward=%.4f", i, 2.5 - i * 1e-6, (i % 100) * 0.01)
    handler.close()
    result["secs"] = time.perf_counter() - start
elif mode in ("loguru-filtered", "logging-filtered"):
    debug = loguru_logger().debug if mode == "loguru-filtered" else stdlib_logger()[0].debug
    template = "step {} | loss={:.4f} reward={:.4f}" if mode == "loguru-filtered" else "step %d | loss=%.4f reward=%.4f"
    start = time.perf_counter()
    for i in range(n):
        debug(template, i, 2.5 - i * 1e-6, (i % 100) * 0.01)
    result["secs"] = time.perf_counter() - start
    result["ns_per_call"] = result["secs"] / n * 1e9
else:
    sys.exit(f"unknown mode {mode}")
result["bytes"] = os.path.getsize(path) if os.path.exists(path) else 0
print(json.dumps(result))
