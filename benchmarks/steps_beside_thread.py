#!/usr/bin/env python3
"""Sets the scale benchmark's measured steps beside the time another thread held a core.

On a small machine a thread outside the benchmark (a kernel daemon, say) can take a core now and
then, and a step that runs at that moment lasts longer whatever the pool does. This script tells
how much: it reads a `perf` record of the scheduler's switches to and from the threads whose name
starts with a given prefix, merges their time on a core into bursts, and splits each run's
measured steps into those that overlap a burst and the others.

    perf record -k CLOCK_MONOTONIC -e sched:sched_switch \\
        --filter 'prev_comm ~ "kdamond*" || next_comm ~ "kdamond*"' -a -o /tmp/threads.data -- \\
        bin/benchmark ScaleBenchmarkMain --step-times yes ... 2> /tmp/bench.log
    python3 benchmarks/steps_beside_thread.py /tmp/threads.data /tmp/bench.log kdamond

The benchmark's `--step-times yes` prints each step's start on the kernel's monotonic clock,
which `-k CLOCK_MONOTONIC` makes `perf` use too. One row per run: its steps, how many overlapped
a burst, the mean step of each kind, and the efficiency (the run's ideal over the mean step) of
all the steps and of those that did not overlap one.
"""

import os
import re
import statistics
import subprocess
import sys

SWITCH = re.compile(r"\s([\d.]+):.*prev_comm=(.*?) prev_pid=.*==> next_comm=(.*?) next_pid=")
STEPS = re.compile(r"# STEPS (\S+) (\d+) (\S+): (.*)")
RESULT = re.compile(r"RESULT (\S+) (\d+) (\S+) ([\d.]+) ([\d.]+)")

# Two spells on a core less than this far apart (ms) belong to one burst.
MERGE_MS = 5.0


def bursts(perf_data, prefix):
    """The thread's bursts on a core: [start ms, end ms, ms on a core], in time order."""
    if not os.path.isfile(perf_data):
        sys.exit(f"no perf record at {perf_data}: make one with perf record, as the docstring shows")
    try:
        text = subprocess.run(["perf", "script", "-i", perf_data, "-F", "time,cpu,trace"],
                              capture_output=True, text=True, check=True).stdout
    except FileNotFoundError:
        sys.exit("perf is not installed: install linux-perf (Debian) to record and read threads")
    except subprocess.CalledProcessError as e:
        last = e.stderr.strip().splitlines()[-1:] or [str(e)]
        sys.exit(f"perf could not read {perf_data}: {last[0]}")
    spells, since = [], {}
    for line in text.splitlines():
        m = SWITCH.search(line)
        if not m:
            continue
        cpu, at = line.split("]")[0], float(m.group(1)) * 1e3
        if m.group(2).startswith(prefix) and cpu in since:
            spells.append((since.pop(cpu), at))
        if m.group(3).startswith(prefix):
            since[cpu] = at
    merged = []
    for start, end in sorted(spells):
        if merged and start - merged[-1][1] < MERGE_MS:
            merged[-1][1] = max(merged[-1][1], end)
            merged[-1][2] += end - start
        else:
            merged.append([start, end, end - start])
    return merged


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: steps_beside_thread.py PERF_DATA BENCHMARK_LOG THREAD_NAME_PREFIX")
    perf_data, log, prefix = sys.argv[1:]
    found = bursts(perf_data, prefix)
    if not found:
        sys.exit(f"no thread named {prefix}* ran during the record")
    big = [b for b in found if b[2] >= 1.0]
    gaps = [b[0] - a[0] for a, b in zip(big, big[1:])]
    print(f"{prefix}*: {len(found)} bursts, {len(big)} of them at least 1 ms on a core"
          + (f" (median {statistics.median(b[2] for b in big):.1f} ms on a core over"
             f" {statistics.median(b[1] - b[0] for b in big):.1f} ms, every"
             f" {statistics.median(gaps):.0f} ms at the median)" if gaps else ""))
    ideals, runs = {}, []
    for line in open(log, encoding="utf-8"):
        m = RESULT.search(line)
        if m:
            ideals[m.group(1, 2, 3)] = float(m.group(4))
        m = STEPS.match(line.strip())
        if m:
            steps = [tuple(map(float, s.split(":"))) for s in m.group(4).split()]
            runs.append((m.group(1, 2, 3), steps))
    if not runs:
        sys.exit(f"no '# STEPS' line in {log}: run the benchmark with --step-times yes")
    print("| pool | processes | shape | steps | overlapping a burst | their mean ms"
          " | the others' mean ms | efficiency | without the overlapping steps |")
    print("|---|---|---|---|---|---|---|---|---|")
    for key, steps in runs:
        hit, rest = [], []
        for s, d in steps:
            (hit if any(b[0] < s + d and b[1] > s for b in big) else rest).append(d)
        ideal = ideals.get(key)
        mean = statistics.fmean(d for _, d in steps)
        print(f"| {key[0]} | {key[1]} | {key[2]} | {len(steps)} | {len(hit)}"
              f" | {statistics.fmean(hit) if hit else float('nan'):.1f}"
              f" | {statistics.fmean(rest) if rest else float('nan'):.1f}"
              f" | {ideal / mean if ideal else float('nan'):.3f}"
              f" | {ideal / statistics.fmean(rest) if ideal and rest else float('nan'):.3f} |")


if __name__ == "__main__":
    main()
