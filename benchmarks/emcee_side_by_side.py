"""emcee 3.1 on the same problems as SideBySideMain: prints `case ndim nwalkers emcee_us_per_step`.

Run with Debian's Python (which has python3-emcee): /usr/bin/python3 benchmarks/emcee_side_by_side.py
"""
import time

import emcee
import numpy as np


def log_prob(x):
    return -0.5 * np.dot(x, x)


def measure(name, ndim, nwalkers):
    steps = max(100, 400_000 // (nwalkers * 10))
    np.random.seed(42)
    p0 = np.random.randn(nwalkers, ndim)
    best = float("inf")
    for _ in range(2):
        sampler = emcee.EnsembleSampler(
            nwalkers, ndim, log_prob, moves=emcee.moves.StretchMove(live_dangerously=True)
        )
        t0 = time.perf_counter()
        sampler.run_mcmc(p0, steps, skip_initial_state_check=True)
        best = min(best, (time.perf_counter() - t0) / steps * 1e6)
    print(f"{name} {ndim} {nwalkers} {best:.3f}", flush=True)


print(f"# emcee {emcee.__version__}, numpy {np.__version__}")
print("# case ndim nwalkers emcee_us_per_step")
measure("seed", 10, 100)
for ndim in (2, 10, 50):
    for nwalkers in (32, 128, 512):
        measure("grid", ndim, nwalkers)
