"""Start states near emcee's limit on the walkers' condition number, and emcee's verdict on each.

  walkers_independent.py DIR   writes each start state to DIR/NAME.f8 (little-endian float64,
                               walker by walker) and prints one line per state:
                               NAME NWALKERS NDIM VERDICT CONDITION
                               where VERDICT is emcee.ensemble.walkers_independent's (True/False)
                               and CONDITION numpy's condition number of emcee's scaled matrix.

Each state near the limit has n - 1 orthonormal centred columns and one column at angle
2 atan(1 / kappa) from their span: emcee's scaled matrix then has condition number kappa.
"""
import os
import sys

import numpy as np
from emcee.ensemble import walkers_independent


def scaled_condition(coords):
    c = coords - np.mean(coords, axis=0)[None, :]
    c /= np.amax(np.abs(c), axis=0)
    c /= np.sqrt(np.sum(c**2, axis=0))
    return np.linalg.cond(c)


def near_limit(rng, m, n, kappa, wild):
    a = rng.standard_normal((m, n))
    a -= a.mean(axis=0)
    q, _ = np.linalg.qr(a)
    w = rng.standard_normal(n - 1)
    w /= np.linalg.norm(w)
    theta = 2 * np.arctan(1 / kappa)
    tilted = np.cos(theta) * (q[:, : n - 1] @ w) + np.sin(theta) * q[:, n - 1]
    cols = np.insert(q[:, : n - 1], n // 2, tilted, axis=1)
    scale = 10 ** rng.uniform(-100, 100, n) if wild else np.ones(n)
    return scale * (0.5 + cols)


def main(out):
    rng = np.random.default_rng(20240601)
    states = []
    for n in (5, 33):
        m = 2 * n
        for kappa in (1e6, 0.99e8, 0.999e8, 1.001e8, 1.01e8, 1e9):
            for wild in (False, True):
                name = "n%d_kappa%.4g%s" % (n, kappa, "_wild" if wild else "")
                states.append((name, near_limit(rng, m, n, kappa, wild)))
        ball = 0.5 + 1e-4 * rng.standard_normal((m, n))
        states.append(("n%d_ball" % n, ball))
        dependent = ball.copy()
        dependent[:, n - 1] = 3 * dependent[:, 0] - dependent[:, 1]
        states.append(("n%d_dependent" % n, dependent))
        states.append(("n%d_toofew" % n, rng.standard_normal((n, n))))
    for name, coords in states:
        coords = np.ascontiguousarray(coords, dtype="<f8")
        coords.tofile(os.path.join(out, name + ".f8"))
        print(
            name,
            coords.shape[0],
            coords.shape[1],
            bool(walkers_independent(coords)),
            repr(float(scaled_condition(coords))),
        )


if __name__ == "__main__":
    main(sys.argv[1])
