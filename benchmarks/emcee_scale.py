"""emcee 3.1 with multiprocessing.Pool(N) on the scale benchmark's simulation.

The same model as ScaleBenchmarkMain's: a log-probability that waits 2 ms, or the base cost
given to ScaleBenchmarkMain --row-ms (more in the slow regions of the unequal cost shapes),
without using a core, on average that long (ModelWait.java), 128 walkers in 5-D. Prints one line per
shape: `RESULT emcee N shape ideal_ms measured_ms efficiency whole_ms whole_efficiency`, where both
ideals are computed per map exactly as IdealClock.java does. The warm-up is a number of steps or
`auto`, as WarmUp.java defines it (blocks of 10 steps until 5 blocks in a row have not brought the
block median step time more than 5 % below the last such drop). Run with Debian's Python (python3-emcee):
/usr/bin/python3 benchmarks/emcee_scale.py N steps warmup settle shape...
where settle is a number of steps run once with equal costs before the shapes (ScaleBenchmarkMain's
--settle).
"""
import math
import os
import sys
import time
from multiprocessing import Pool

import emcee
import numpy as np

# The base cost, in seconds: 2 ms unless ScaleBenchmarkMain --row-ms says otherwise.
BASE = int(os.environ.get("EMCEE_SCALE_ROW_NANOS", "2000000")) / 1e9


def cost(x, shape):
    if shape == "equal":
        return BASE
    if shape == "few-slow":
        return 5 * BASE if x[0] > 1.28 else BASE
    if shape == "half-slow":
        return 4 * BASE if x[0] > 0 else BASE
    if shape == "ramp":
        t = min(1.0, max(0.0, (x[0] + 2.5) / 5))
        return round(BASE * (1 + 5 * t) * 1e9) / 1e9
    raise SystemExit(f"unknown cost shape {shape}")


MAX_LEAD, FOLLOW = BASE / 4, 16
lead = 0.0  # per process: how early to stop sleeping, learnt as ModelWait.java does
waits = [0, 0.0, 0.0]  # per process: calls, nominal and actual seconds


def wait_for(seconds):
    """Waits about `seconds` on average: sleeping until a deadline wakes up late, so each call
    stops early by a lead learnt from how late this process's calls end (ModelWait.java)."""
    global lead
    start = time.perf_counter()
    end = start + seconds
    stop = end - lead
    while True:
        left = stop - time.perf_counter()
        if left <= 0:
            break
        time.sleep(left)
    now = time.perf_counter()
    lead = max(0.0, min(MAX_LEAD, lead + (now - end) / FOLLOW))
    waits[0] += 1
    waits[1] += seconds
    waits[2] += now - start


def waits_report():
    """What this process's waits lasted, as ModelWait.report() prints it."""
    if waits[0] == 0:
        return "no calls here"
    return (f"{waits[0]} calls here, {waits[2] / waits[1]:.3f} of nominal"
            f" (lead {lead * 1e6:.0f} us)")


class Model:
    def __init__(self, shape):
        self.shape = shape

    def __call__(self, x):
        wait_for(cost(x, self.shape))
        return -0.5 * float(np.dot(x, x))


class IdealClock:
    """Passes map on to the pool and adds up the ideal time of each map on N processes."""

    def __init__(self, pool, shape, processes):
        self.pool, self.shape, self.processes = pool, shape, processes
        self.ideal = 0.0
        self.whole = 0.0

    def map(self, f, iterable):
        points = list(iterable)
        costs = [cost(x, self.shape) for x in points]
        if all(c == costs[0] for c in costs):
            self.ideal += math.ceil(len(costs) / self.processes) * costs[0]
        else:
            self.ideal += sum(costs) / self.processes
        loads = [0.0] * self.processes  # whole evaluations, largest first, least loaded process
        for c in sorted(costs, reverse=True):
            loads[loads.index(min(loads))] += c
        self.whole += max(loads)
        return self.pool.map(f, points)


BLOCK, PATIENCE, MAX_STEPS = 10, 5, 3000


def warm_up(sampler, p0, warmup):
    """Runs the warm-up steps; returns a description of what it did."""
    fixed = warmup != "auto"
    limit = int(warmup) if fixed else MAX_STEPS
    times, medians, last = [], [], time.perf_counter()
    reference, since_drop = math.inf, 0
    for _ in sampler.sample(p0, iterations=limit):
        now = time.perf_counter()
        times.append(now - last)
        last = now
        if len(times) % BLOCK == 0:
            medians.append(float(np.median(times[-BLOCK:])) * 1e3)
            if medians[-1] < 0.95 * reference:
                reference, since_drop = medians[-1], 0
            else:
                since_drop += 1
            if not fixed and since_drop >= PATIENCE:
                break
    trace = " ".join(f"{m:.1f}" for m in medians)
    return (f"{'fixed' if fixed else 'auto'} warm-up: {len(times)} steps"
            + (f", median ms/step per block of {BLOCK}: {trace}" if trace else ""))


def main():
    n, steps, warmup = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    settle, shapes = int(sys.argv[4]), sys.argv[5:]
    nwalkers, ndim = 128, 5
    np.random.seed(1)
    p0 = np.random.randn(nwalkers, ndim)
    with Pool(n) as pool:
        if settle > 0:
            settling = emcee.EnsembleSampler(nwalkers, ndim, Model("equal"), pool=pool)
            print(f"# emcee {n} settling with equal costs: {warm_up(settling, p0, str(settle))}")
        for shape in shapes:
            model = Model(shape)
            warm = emcee.EnsembleSampler(nwalkers, ndim, model, pool=IdealClock(pool, shape, n))
            done = warm_up(warm, p0, warmup) if warmup != "0" else "fixed warm-up: 0 steps"
            clock = IdealClock(pool, shape, n)
            sampler = emcee.EnsembleSampler(nwalkers, ndim, model, pool=clock)
            t0 = time.perf_counter()
            times, starts, last = [], [], t0
            start = time.monotonic_ns()
            for _ in sampler.sample(p0, iterations=steps):
                now = time.perf_counter()
                times.append(now - last)
                starts.append(start)
                start = time.monotonic_ns()
                last = now
            measured = (time.perf_counter() - t0) / steps * 1e3
            ideal = clock.ideal / steps * 1e3
            whole = clock.whole / steps * 1e3
            print(f"# emcee {n} {shape}: {done}; measured {steps} steps: median"
                  f" {np.median(times) * 1e3:.1f} ms, 90th percentile"
                  f" {np.sort(times)[min(steps - 1, math.ceil(0.9 * steps) - 1)] * 1e3:.1f} ms;"
                  f" model's waits: {pool.apply(waits_report)} (one worker's, all its calls)")
            if os.environ.get("EMCEE_SCALE_STEP_TIMES"):
                print(f"# STEPS emcee {n} {shape}:" + "".join(
                    f" {s / 1e6:.3f}:{t * 1e3:.3f}" for s, t in zip(starts, times)))
            print(f"RESULT emcee {n} {shape} {ideal:.3f} {measured:.3f} {ideal / measured:.3f}"
                  f" {whole:.3f} {whole / measured:.3f}", flush=True)


if __name__ == "__main__":
    main()
