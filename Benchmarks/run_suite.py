#!/usr/bin/env python3
"""Runs Runlog's benchmark suite and its peers side by side and prints one table (see scripts/bench.sh).

Every program prints one JSON line ({"name", "n", "secs", ...}). Each round runs every configuration once,
in an order that alternates Runlog and peers and rotates from round to round, so slow phases of a shared
machine hit everyone alike. Figures are medians over rounds with the min-max spread; a ratio is the median
of the per-round ratios (each taken between two runs of the same round).
"""
import argparse
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
p.add_argument("--swift-bin", required=True, help="folder with RunlogBench and SwiftPeerBench (release)")
p.add_argument("--spdlog", help="spdlog_peer executable (skipped when missing)")
p.add_argument("--python", help="Python with loguru installed (skipped when missing)")
p.add_argument("--rankrun", help="rankrun executable for P6 (skipped when missing)")
p.add_argument("--rl", help="rl executable for P7 (skipped when missing)")
p.add_argument("--repo", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
               help="the repository root (rl reads configs/ from there)")
p.add_argument("--lines", type=int, default=1_000_000, help="lines per throughput run (default 1M)")
p.add_argument("--python-lines", type=int, help="lines per Python run (default: --lines)")
p.add_argument("--filtered-calls", type=int, default=10_000_000, help="calls per filtered-call run")
p.add_argument("--runs", type=int, default=3, help="rounds (default 3)")
p.add_argument("--cpu-reporter", default=None,
               help="P6: the static program each rank execs last to report its CPU with its exit included")
p.add_argument("--tee-lines", type=int, default=None,
               help="lines the ranks log through rankrun for P6 CPU (default --lines: the issue's 1M)")
p.add_argument("--smoke", action="store_true", help="tiny sizes, one round: proves the suite runs")
p.add_argument("--out", default=None, help="scratch folder for log files (default: a temporary folder)")
p.add_argument("--results", default=None, help="append every run as a JSON line to this file")
p.add_argument("--markdown", default=None, help="also write the table as Markdown to this file")
args = p.parse_args()

if args.smoke:
    args.lines, args.python_lines, args.filtered_calls, args.runs = 20_000, 2_000, 200_000, 1
N = args.lines
NPY = args.python_lines or N
NF = args.filtered_calls
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = args.out or tempfile.mkdtemp(prefix="runlog-bench-")
os.makedirs(OUT, exist_ok=True)
RB = os.path.join(args.swift_bin, "RunlogBench")
SP = os.path.join(args.swift_bin, "SwiftPeerBench")
PYPEER = os.path.join(HERE, "Peers", "python_peer.py")
have_spdlog = bool(args.spdlog and os.access(args.spdlog, os.X_OK))
have_python = bool(args.python and subprocess.run([args.python, "-c", "import loguru"], capture_output=True).returncode == 0)
results_file = open(args.results, "a") if args.results else None


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# name -> (argv, kind, expected lines or None). kind: "rate" (lines/s) or "ns" (ns per call)
CONFIGS = {}


def add(name, argv, kind="rate", lines=None):
    # the output file, if any, is the one argument under OUT
    out = next((a for a in argv if a.startswith(OUT + "/")), None)
    CONFIGS[name] = (argv, kind, lines, out)


F = lambda name: os.path.join(OUT, name + ".log")
# P1 / P2 and their peers
add("runlog-buffered", [RB, "buffered", str(N), F("runlog-buffered")], lines=N)
add("runlog-durable", [RB, "durable", str(N), F("runlog-durable")], lines=N)
add("raw-buffered", [SP, "raw-buffered", str(N), F("raw-buffered")], lines=N)
add("raw-write", [SP, "raw-write", str(N), F("raw-write")], lines=N)
# The same loops with the decimals rounded exactly as printf (the loggers' bytes); their files are checked
# byte for byte against printf's text (RunlogBench check-printf), the others only for their line count.
add("raw-buffered-exact", [SP, "raw-buffered-exact", str(N), F("raw-buffered-exact")], lines=N)
add("raw-write-exact", [SP, "raw-write-exact", str(N), F("raw-write-exact")], lines=N)
PRINTF_EXACT = {"raw-buffered-exact", "raw-write-exact"}
add("swiftlog", [SP, "swiftlog", str(N), F("swiftlog")], lines=N)
if have_spdlog:
    for m in ("st", "mt", "async"):
        add(f"spdlog-{m}", [args.spdlog, m, str(N), F(f"spdlog-{m}")], lines=N)
if have_python:
    add("loguru", [args.python, PYPEER, "loguru", str(NPY), F("loguru")], lines=NPY)
    add("logging", [args.python, PYPEER, "logging", str(NPY), F("logging")], lines=NPY)
# P3
add("runlog-filtered", [RB, "filtered", str(NF)], "ns")
add("swiftlog-filtered", [SP, "swiftlog-filtered", str(NF)], "ns")
if have_spdlog:
    add("spdlog-filtered", [args.spdlog, "filtered", str(NF), F("spdlog-filtered")], "ns")
if have_python:
    add("loguru-filtered", [args.python, PYPEER, "loguru-filtered", str(NF // 10), F("lf")], "ns")
    add("logging-filtered", [args.python, PYPEER, "logging-filtered", str(NF // 10), F("sf")], "ns")
# P4
NT = max(N // 4, 1000)  # lines per multi-thread run (rates, not totals, are compared)
for t in (2, 8):
    add(f"runlog-threads{t}-buffered", [RB, "threads", str(t), str(NT), F(f"rt{t}b"), "buffered"], lines=NT)
    add(f"runlog-threads{t}-durable", [RB, "threads", str(t), str(NT), F(f"rt{t}d"), "durable"], lines=NT)
    if have_spdlog:
        add(f"spdlog-mt-threads{t}", [args.spdlog, "threads", str(NT), F(f"st{t}"), str(t)], lines=NT)
# P5: 4 processes x N/4 lines into one file, against 1 process x N/4 lines (same harness)
add("runlog-procs4", [RB, "procs", "4", str(N // 4), F("procs4")], lines=N)
add("runlog-procs1", [RB, "procs", "1", str(N // 4), F("procs1")], lines=N // 4)
# cost split (not a target): building the message alone
add("message-only", [RB, "message", str(N)], "ns")


def run_one(name):
    argv, kind, expected, out = CONFIGS[name]
    load = open("/proc/loadavg").read().split()[0]
    t0 = time.perf_counter()
    proc = subprocess.run(argv, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    lines = [l for l in proc.stdout.splitlines() if l.startswith("{")]
    if proc.returncode != 0 or not lines:
        log(f"FAIL {name}: exit {proc.returncode}: {(proc.stdout + proc.stderr)[-400:]}")
        return None
    r = json.loads(lines[-1])
    r.update(config=name, wall=wall, load=float(load), ts=time.time())
    if expected is not None:
        if r.get("lines", -1) < 0 and out and os.path.exists(out):
            with open(out, "rb") as f:
                r["lines"] = sum(1 for _ in f)
        r["ok"] = r.get("lines") == expected and r.get("bad", 0) == 0 and r.get("torn", 0) == 0
    else:
        r["ok"] = True
    if name in PRINTF_EXACT and out and os.path.exists(out):
        check = subprocess.run([RB, "check-printf", str(expected), out], capture_output=True, text=True)
        found = [l for l in check.stdout.splitlines() if l.startswith("{")]
        c = json.loads(found[-1]) if check.returncode == 0 and found else {}
        r["printf_exact"] = c.get("lines") == expected and c.get("bad", 1) == 0
        r["ok"] = r["ok"] and r["printf_exact"]
        if not r["printf_exact"]:
            log(f"  {name}: the output is not printf's text exactly ({c or check.stderr[-200:]})")
    if out and os.path.exists(out):
        os.unlink(out)
    if results_file:
        results_file.write(json.dumps(r) + "\n")
        results_file.flush()
    value = r["n"] / r["secs"] if kind == "rate" else r.get("ns_per_call")
    unit = "lines/s" if kind == "rate" else "ns/call"
    log(f"  {name:28s} {value:>14,.1f} {unit}  ok={r['ok']}  load={load}")
    return r


# Interleave Runlog and peers: alternate one Runlog config and one peer config.
names = list(CONFIGS)
ours = [n for n in names if n.startswith("runlog") or n == "message-only"]
peers = [n for n in names if n not in ours]
order = []
for i in range(max(len(ours), len(peers))):
    if i < len(ours):
        order.append(ours[i])
    if i < len(peers):
        order.append(peers[i])

runs = {n: [] for n in names}
started = time.time()
for rnd in range(args.runs):
    shift = (rnd * len(order)) // max(1, args.runs)
    this = order[shift:] + order[:shift]
    log(f"round {rnd + 1}/{args.runs}")
    for name in this:
        r = run_one(name)
        runs[name].append(r)


# ---------- P6 and P7 ----------
def percentile(values, q):
    values = sorted(values)
    if not values:
        return float("nan")
    k = (len(values) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


extra = {}
if args.rankrun and os.access(args.rankrun, os.X_OK):
    log("P6: rankrun tee latency and CPU")
    lat_lines = 200 if args.smoke else 2000
    lat = []
    for rnd in range(args.runs):
        logdir = tempfile.mkdtemp(prefix="p6-", dir=OUT)
        # The tee itself, as torchrun's: with two ranks tee'd, repeat collapsing (on by default) would hold each
        # line for its 0.2 s window and merge the ranks' identical lines, so it is turned off here.
        cmd = [args.rankrun, "--nproc-per-node", "2", "--tee", "3", "--log-dir", logdir, "--rdzv-id", "p6", "--no-python",
               "--no-dedup", RB, "tee-latency", str(lat_lines), "2000"]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        for raw in proc.stdout:
            now = time.time_ns()
            m = re.search(rb"tee-latency (\d+)", raw)
            if m:
                lat.append((now - int(m.group(1))) / 1e6)
        proc.wait()
        shutil.rmtree(logdir, ignore_errors=True)
    extra["p6_latency"] = {"n": len(lat), "expected": 2 * lat_lines * args.runs, "p50": percentile(lat, 0.5),
                           "p99": percentile(lat, 0.99), "max": max(lat) if lat else float("nan")}
    cpu = []
    load_lines = (args.tee_lines or max(N, 2000)) // 2
    # Every round, as for the other figures: the share moves by a point from run to run on a shared machine.
    for rnd in range(args.runs):
        logdir = tempfile.mkdtemp(prefix="p6cpu-", dir=OUT)
        cpu_base = os.path.join(logdir, "cpu")
        cmd = [args.rankrun, "--nproc-per-node", "2", "--tee", "3", "--log-dir", logdir, "--rdzv-id", "p6", "--no-python",
               "--no-dedup", RB, "tee-load", str(load_lines), cpu_base]
        with open(os.path.join(OUT, "p6-console.txt"), "wb") as console:
            env = dict(os.environ)
            if args.cpu_reporter:
                env["RLBENCH_CPU_REPORTER"] = args.cpu_reporter
            proc = subprocess.Popen(cmd, stdout=console, stderr=subprocess.DEVNULL, env=env)
            t0 = time.perf_counter()
            while True:  # a launcher that falls behind is given 5 minutes, then stopped and reported
                pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
                if pid:
                    break
                if time.perf_counter() - t0 > 300:
                    proc.kill()
                    _, status, usage = os.wait4(proc.pid, 0)
                    status = "killed after 300 s"
                    break
                time.sleep(0.05)
        elapsed = time.perf_counter() - t0
        total = usage.ru_utime + usage.ru_stime
        ranks = 0.0
        for k in range(2):
            try:
                ranks += float(open(f"{cpu_base}.{k}").read())
            except OSError:
                ranks = float("nan")
        console_lines = sum(1 for _ in open(os.path.join(OUT, "p6-console.txt"), "rb"))
        cpu.append({"launcher": total - ranks, "ranks": ranks, "share": (total - ranks) / ranks if ranks else float("nan"),
                    "console_lines": console_lines, "status": status, "wall": elapsed})
        shutil.rmtree(logdir, ignore_errors=True)
    extra["p6_cpu"] = {"runs": cpu, "lines": 2 * load_lines}
else:
    extra["p6_latency"] = None
if args.rl and os.access(args.rl, os.X_OK):
    log("P7: rl default run")
    rl_runs = []
    step_rx = re.compile(r"Step (\d+) \| Time: ([0-9.]+)s \| Reward: ([0-9.eE+-]+)")
    for rnd in range(1 if args.smoke else min(args.runs, 3)):
        workdir = tempfile.mkdtemp(prefix="p7-", dir=OUT)
        t0 = time.perf_counter()
        try:
            proc = subprocess.run([args.rl, "--output-dir", workdir], cwd=args.repo, capture_output=True, text=True,
                                  timeout=1800)
            status, tail = proc.returncode, (proc.stdout + proc.stderr)[-600:]
        except subprocess.TimeoutExpired:
            status, tail = "timeout", ""
        wall = time.perf_counter() - t0
        # The learning work: the orchestrator's per-step times (`Step N | Time: Xs | ...`).
        steps, learning = 0, 0.0
        for folder, _, files in os.walk(workdir):
            for name in files:
                if name == "orchestrator.log":
                    with open(os.path.join(folder, name), errors="replace") as f:
                        found = [step_rx.search(l) for l in f]
                    found = [m for m in found if m]
                    if len(found) > steps:
                        steps, learning = len(found), sum(float(m.group(2)) for m in found)
                        rewards = [float(m.group(3)) for m in found]
                        best = max(rewards)
                        first_best = next(int(m.group(1)) for m in found if float(m.group(3)) == best)
        rl_runs.append({"wall": wall, "status": status, "steps": steps, "learning": learning, "tail": tail,
                        "final_reward": rewards[-1] if steps else None, "first_best_step": first_best if steps else None})
        shutil.rmtree(workdir, ignore_errors=True)
    extra["p7"] = rl_runs
else:
    extra["p7"] = None


# ---------- the table ----------
def values(name):
    kind = CONFIGS[name][1] if name in CONFIGS else None
    out = []
    for r in runs.get(name, []):
        if r is None:
            out.append(None)
        elif kind == "rate":
            out.append(r["n"] / r["secs"])
        else:
            out.append(r["ns_per_call"])
    return out


def med(name):
    v = [x for x in values(name) if x is not None]
    return statistics.median(v) if v else None


def spread(name, fmt):
    v = [x for x in values(name) if x is not None]
    if not v:
        return "n/a"
    return f"{fmt(statistics.median(v))} ({fmt(min(v))}-{fmt(max(v))})"


def paired(a, b):
    """Per-round ratio a/b: median and min-max."""
    va, vb = values(a), values(b)
    rs = [x / y for x, y in zip(va, vb) if x is not None and y]
    if not rs:
        return None, None, None
    return statistics.median(rs), min(rs), max(rs)


def rate(x):
    return f"{x / 1e6:.2f} M" if x >= 1e6 else f"{x / 1e3:.0f} k" if x >= 1e3 else f"{x:.0f}"


def ns(x):
    return f"{x:.1f}"


rows = []  # (id, figure, runlog, peer, peer value, ratio text, target, met)


def ratio_row(pid, figure, ours_name, peer_name, target, scale=1.0, label=None):
    """target None: an informative comparison, not one of the issue's targets."""
    if ours_name not in CONFIGS or peer_name not in CONFIGS:
        return
    r, lo, hi = paired(ours_name, peer_name)
    shown = label or peer_name
    tgt = "(info)" if target is None else f">= {target}x" if scale == 1 else f">= {target * 100:.0f}%"
    if r is None:
        rows.append((pid, figure, spread(ours_name, rate), shown, spread(peer_name, rate), "n/a", tgt, "?"))
        return
    txt = f"{r * scale:.2f}x ({lo * scale:.2f}-{hi * scale:.2f})" if scale == 1 else f"{r * 100:.0f}% ({lo * 100:.0f}-{hi * 100:.0f})"
    met = "-" if target is None else "yes" if r >= target else "NO"
    rows.append((pid, figure, spread(ours_name, rate), shown, spread(peer_name, rate), txt, tgt, met))


ratio_row("P1", "buffered file sink, 1 thread (lines/s)", "runlog-buffered", "spdlog-st", 3.5)
ratio_row("P1", "", "runlog-buffered", "spdlog-mt", 3.5)
ratio_row("P1", "", "runlog-buffered", "loguru", 185)
# The raw loops' targets are judged against the exact variant when every one of its files was printf's text
# byte for byte (the same bytes as the loggers write); otherwise against the quick one, as before.
def exact_ok(name):
    return bool(runs.get(name)) and all(r is not None and r.get("printf_exact") for r in runs[name])


buffered_exact = exact_ok("raw-buffered-exact")
write_exact = exact_ok("raw-write-exact")
ratio_row("P1", "", "runlog-buffered", "raw-buffered", None if buffered_exact else 0.70, scale=100,
          label="raw-buffered (inexact rounding, as before)")
ratio_row("P1", "", "runlog-buffered", "raw-buffered-exact", 0.70 if buffered_exact else None, scale=100,
          label="raw-buffered-exact" + ("" if buffered_exact else " (NOT printf's bytes)"))
ratio_row("P1", "", "runlog-buffered", "swiftlog", None)
ratio_row("P1", "", "runlog-buffered", "logging", None)
ratio_row("P2", "durable file sink, 1 write(2) per record", "runlog-durable", "raw-write",
          None if write_exact else 0.90, scale=100, label="raw-write (inexact rounding, as before)")
ratio_row("P2", "", "runlog-durable", "raw-write-exact", 0.90 if write_exact else None, scale=100,
          label="raw-write-exact" + ("" if write_exact else " (NOT printf's bytes)"))
ratio_row("P2", "", "runlog-durable", "loguru", 25)
ratio_row("P2", "", "runlog-durable", "spdlog-mt", None)
for t in (2, 8):
    ratio_row("P4", f"{t} threads, one logger, buffered", f"runlog-threads{t}-buffered", f"spdlog-mt-threads{t}", 1.0)
    ratio_row("P4", f"{t} threads, durable (1 write(2)/line)", f"runlog-threads{t}-durable", f"spdlog-mt-threads{t}",
              None)
ratio_row("P5", "4 processes append to 1 file, durable", "runlog-procs4", "runlog-procs1", 0.80, scale=100)

# P3: ns per call and allocations, against each peer's filtered call
p3 = []
if "runlog-filtered" in CONFIGS:
    r_ns = med("runlog-filtered")
    allocs = [r.get("allocs_per_call") for r in runs["runlog-filtered"] if r]
    opaque = [r.get("opaque_ns_per_call") for r in runs["runlog-filtered"] if r]
    empty = [r.get("opaque_empty_ns_per_call") for r in runs["runlog-filtered"] if r]
    p3.append(("runlog (inlined call site)", spread("runlog-filtered", ns), allocs[0] if allocs else "n/a"))
    if opaque:
        delta = statistics.median(o - e for o, e in zip(opaque, empty))
        p3.append(("runlog in a non-inlined function, minus the same empty function",
                   f"{delta:.1f} ({statistics.median(opaque):.1f} - {statistics.median(empty):.1f})", ""))
    for peer in ("spdlog-filtered", "swiftlog-filtered", "logging-filtered", "loguru-filtered"):
        if peer in CONFIGS:
            p3.append((peer.replace("-filtered", ""), spread(peer, ns), ""))
    p3_met = r_ns is not None and r_ns <= 2.0 and allocs and all(a == 0 for a in allocs)
else:
    p3_met = False

# allocations per logged line, peak memory
alloc = subprocess.run([RB, "allocs", str(min(N, 100_000)), F("allocs")], capture_output=True, text=True)
alloc_info = json.loads([l for l in alloc.stdout.splitlines() if l.startswith("{")][-1]) if alloc.returncode == 0 else {}
if os.path.exists(F("allocs")):
    os.unlink(F("allocs"))
peak = [r.get("peak_rss_kib") for r in runs.get("runlog-buffered", []) if r]
msg_ns = med("message-only")
interp_ns = [r.get("interpolated_ns_per_call") for r in runs.get("message-only", []) if r]

all_ok = all(r is not None and r.get("ok", True) for rs in runs.values() for r in rs)

lines_out = []
say = lines_out.append
cpu_model = ""
try:
    for l in open("/proc/cpuinfo"):
        if l.startswith("model name"):
            cpu_model = l.split(":", 1)[1].strip()
            break
except OSError:
    pass
mem_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
say(f"Runlog benchmark, {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC; {os.cpu_count()} cores ({cpu_model}), "
    f"{mem_gib:.0f} GiB, {platform.system()} {platform.release()}; load average at start {open('/proc/loadavg').read().split()[0]}")
say(f"{args.runs} round(s), configurations interleaved; {N:,} lines per run ({NPY:,} for Python), {NF:,} filtered calls; "
    f"{NT:,} lines per multi-thread run; median (min-max); ratios are medians of per-round ratios. Every output file was read back: "
    f"{'all line counts and contents correct' if all_ok else 'SOME RUNS FAILED THE CHECK (see log)'}.")
say("")
say("| # | figure | Runlog | peer | peer | Runlog vs peer | target | met |")
say("|---|---|---|---|---|---|---|---|")
for row in rows:
    say("| " + " | ".join(row) + " |")
if p3:
    say("")
    say(f"P3, a call below the level (debug on an info logger), ns per call; target <= 2 ns and 0 allocations: "
        f"{'met' if p3_met else 'NOT met'}")
    say("")
    say("| logger | ns/call | allocations/call |")
    say("|---|---|---|")
    for name, v, a in p3:
        say(f"| {name} | {v} | {a} |")
say("")
if alloc_info:
    say(f"Allocations per logged line (buffered sink, steady state): "
        f"{alloc_info.get('literal_allocs_per_line')} with a literal message, "
        f"{alloc_info.get('interpolated_allocs_per_line')} with the workload message as a `LogMessage` "
        f"interpolation (what P1-P5 log), {alloc_info.get('string_message_allocs_per_line')} when the call site "
        f"passes a ready `String` instead (the string itself: "
        f"{alloc_info.get('message_only_allocs_per_line')}). Peak RSS of a 1M-line buffered run: "
        f"{(statistics.median(peak) / 1024) if peak else float('nan'):.1f} MiB.")
if msg_ns is not None:
    say(f"Building the workload message as a `String` alone (what swift-log's call site pays) costs {msg_ns:.0f} ns "
        f"({statistics.median(interp_ns):.0f} ns as a string interpolation with a 4-decimal helper); "
        f"raw-buffered formats the whole line in {1e9 / med('raw-buffered'):.0f} ns." if med("raw-buffered") else "")
p5 = [r for r in runs.get("runlog-procs4", []) if r]
if p5:
    say(f"P5 torn lines: {sum(r.get('torn', 0) for r in p5)} torn, {sum(r.get('missing', 0) for r in p5)} missing, "
        f"{sum(r.get('duplicates', 0) for r in p5)} duplicated out of {sum(r['n'] for r in p5):,} lines "
        f"(median {statistics.median(r.get('switches', 0) for r in p5):,.0f} writer switches per file).")
if extra.get("p6_latency"):
    l = extra["p6_latency"]
    say(f"P6 rankrun --tee 3, 2 ranks, a line every 2 ms: console latency p50 {l['p50']:.2f} ms, p99 {l['p99']:.2f} ms, "
        f"max {l['max']:.2f} ms ({l['n']} of {l['expected']} lines seen); target p99 <= 5 ms: "
        f"{'met' if l['p99'] <= 5 and l['n'] == l['expected'] else 'NOT met'}.")
    c = extra["p6_cpu"]["runs"]
    shares = [x["share"] for x in c]
    say(f"P6 launcher CPU while 2 ranks log {extra['p6_cpu']['lines']:,} lines through it: "
        f"{statistics.median(shares) * 100:.2f}% of the ranks' CPU, rounds {min(shares) * 100:.2f}-{max(shares) * 100:.2f}% "
        f"(launcher CPU minus ranks' CPU; "
        f"{'each rank reports its CPU with its exit included' if args.cpu_reporter else 'ranks report before their exit'}; runs: "
        + ", ".join(f"launcher {x['launcher'] * 1000:.0f} ms / ranks {x['ranks']:.2f} s, {x['console_lines']:,} console "
                    f"lines after {x['wall']:.1f} s, exit {x['status']}" for x in c)
        + f"); target <= 5%: {'met' if statistics.median(shares) <= 0.05 else 'NOT met'}.")
elif args.rankrun:
    say("P6: rankrun not available; not measured.")
if extra.get("p7"):
    p7 = extra["p7"]
    walls = [x["wall"] for x in p7]
    outside = [1 - x["learning"] / x["wall"] for x in p7 if x["steps"]]
    say(f"P7 rl default run: wall {statistics.median(walls):.2f} s to the end of the run ("
        + ", ".join(f"{x['wall']:.2f}s exit {x['status']}, {x['steps']} steps, {x['learning']:.2f}s in steps, "
                    f"final reward {x['final_reward']}, reached at step {x['first_best_step']}" for x in p7)
        + (f"); share outside the steps' learning work (start-up, spawning, logging, shutdown): "
           f"{statistics.median(outside) * 100:.0f}%." if outside else "); no step times found in orchestrator.log."))
    if any(x["status"] != 0 for x in p7):
        say("P7 last lines of a failed run: " + next(x for x in p7 if x["status"] != 0)["tail"].strip().replace("\n", " / ")[-300:])
elif args.rl:
    say("P7: rl not available; not measured.")
say(f"Suite time: {time.time() - started:.0f} s.")
text = "\n".join(lines_out)
print(text)
if args.markdown:
    with open(args.markdown, "w") as f:
        f.write(text + "\n")
if not args.out:
    shutil.rmtree(OUT, ignore_errors=True)
sys.exit(0 if all_ok else 1)
