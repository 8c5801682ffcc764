"""emcee's moves on the covariance written by MovesTableMain: `move|acceptance|mean tau|variance ratio`.

Run with Debian's Python: /usr/bin/python3 benchmarks/emcee_moves.py COVARIANCE_FILE
"""
import sys

import emcee
import numpy as np

NDIM, NWALKERS, STEPS, DISCARD = 5, 32, 20_000, 2_000

cov = np.loadtxt(sys.argv[1])
icov = np.linalg.inv(cov)


def log_prob(x):
    return -0.5 * x @ icov @ x


moves = {
    "StretchMove": emcee.moves.StretchMove(),
    "WalkMove": emcee.moves.WalkMove(),
    "DEMove": emcee.moves.DEMove(),
    "DESnookerMove": emcee.moves.DESnookerMove(),
    "KDEMove": emcee.moves.KDEMove(),
    "GaussianMove": emcee.moves.GaussianMove(cov * 2.38**2 / NDIM),
    "DEMove 0.8 + DESnookerMove 0.2": [
        (emcee.moves.DEMove(), 0.8),
        (emcee.moves.DESnookerMove(), 0.2),
    ],
}
print(f"# emcee {emcee.__version__}, numpy {np.__version__}")
for name, move in moves.items():
    np.random.seed(42)
    p0 = np.random.randn(NWALKERS, NDIM)
    sampler = emcee.EnsembleSampler(NWALKERS, NDIM, log_prob, moves=move)
    sampler.run_mcmc(p0, STEPS)
    tau = sampler.get_autocorr_time(discard=DISCARD, quiet=True).mean()
    flat = sampler.get_chain(discard=DISCARD, flat=True)
    ratio = np.mean(flat.var(axis=0) / np.diag(cov))
    print(f"{name}|{sampler.acceptance_fraction.mean():.3f}|{tau:.1f}|{ratio:.3f}", flush=True)
