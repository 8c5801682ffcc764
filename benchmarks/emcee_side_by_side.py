"""emcee 3.1 on the same problems as SideBySideMain: prints `case ndim nwalkers emcee_us_per_step`.

Chains of 1000 steps (the README example's length), best of three after a warm-up run. With arguments
`ndim nwalkers`, runs that one case. Run with Debian's Python (which has python3-emcee):
/usr/bin/python3 benchmarks/emcee_side_by_side.py [ndim nwalkers]
"""
import sys
import time

import emcee
import numpy as np

STEPS = 1000


def log_prob(x):
    return -0.5 * np.dot(x, x)


def measure(name, ndim, nwalkers):
    np.random.seed(42)
    p0 = np.random.randn(nwalkers, ndim)
    best = float("inf")
    for run in range(4):
        sampler = emcee.EnsembleSampler(
            nwalkers, ndim, log_prob, moves=emcee.moves.StretchMove(live_dangerously=True)
        )
        t0 = time.perf_counter()
        sampler.run_mcmc(p0, STEPS, skip_initial_state_check=True)
        if run > 0:
            best = min(best, (time.perf_counter() - t0) / STEPS * 1e6)
    print(f"{name} {ndim} {nwalkers} {best:.3f}", flush=True)


print(f"# emcee {emcee.__version__}, numpy {np.__version__}")
print("# case ndim nwalkers emcee_us_per_step")
if len(sys.argv) == 3:
    ndim, nwalkers = int(sys.argv[1]), int(sys.argv[2])
    measure("seed" if (ndim, nwalkers) == (10, 100) else "grid", ndim, nwalkers)
else:
    measure("seed", 10, 100)
    for ndim in (2, 10, 50):
        for nwalkers in (32, 128, 512):
            measure("grid", ndim, nwalkers)
