"""Checks HDF5 exports with Debian's Python (python3-emcee, python3-h5py, numpy).

  describe PATH...        for each file, what emcee's HDFBackend reads: a SHA-256 of chain,
                          log_prob and acceptance fraction (big-endian float64), the dtype, the
                          compression and its level, the blobs' shape and the iteration
  float32 REF F32         whether F32's chain, log_prob and blobs are REF's rounded to float32,
                          bit for bit
  synthetic PATH STEPS NWALKERS NDIM
                          checks, a slice at a time, that PATH holds the generated chain of
                          Hdf5ExportMain bit for bit: coordinate i (row-major) is i / 7,
                          log_prob of (step, walker) is -(step * nwalkers + walker) / 3, one blob
                          (step * nwalkers + walker) / 11
  random REF OTHER        whether both files store the same numpy random state, and whether emcee
                          continuing each file's last sample for 50 steps gives the same chain
"""
import hashlib
import sys

import emcee
import h5py
import numpy as np


def digest(backend):
    h = hashlib.sha256()
    h.update(backend.get_chain().astype(">f8").tobytes())
    h.update(backend.get_log_prob().astype(">f8").tobytes())
    h.update((backend.accepted / float(backend.iteration)).astype(">f8").tobytes())
    return h.hexdigest()


def same_bits(a, b):
    return a.shape == b.shape and a.dtype == b.dtype and a.tobytes() == b.tobytes()


mode = sys.argv[1]
if mode == "describe":
    for path in sys.argv[2:]:
        b = emcee.backends.HDFBackend(path, read_only=True)
        with h5py.File(path, "r") as f:
            d = f["mcmc"]["chain"]
            blobs = b.get_blobs()
            print(
                "%s digest=%s dtype=%s compression=%s opts=%s chunks=%s blobs=%s iteration=%d"
                % (path.rsplit("/", 1)[-1], digest(b), d.dtype, d.compression,
                   d.compression_opts, d.chunks, None if blobs is None else blobs.shape,
                   b.iteration)
            )
elif mode == "float32":
    ref = emcee.backends.HDFBackend(sys.argv[2], read_only=True)
    f32 = emcee.backends.HDFBackend(sys.argv[3], read_only=True)
    ok = (
        same_bits(f32.get_chain(), ref.get_chain().astype(np.float32))
        and same_bits(f32.get_log_prob(), ref.get_log_prob().astype(np.float32))
        and same_bits(f32.get_blobs(), ref.get_blobs().astype(np.float32))
        and same_bits(f32.get_chain(flat=True, thin=7, discard=20),
                      ref.get_chain(flat=True, thin=7, discard=20).astype(np.float32))
    )
    print("float32-matches=%s" % ok)
elif mode == "synthetic":
    path, steps, n, d = sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    b = emcee.backends.HDFBackend(path, read_only=True)
    assert b.iteration == steps and b.shape == (n, d), (b.iteration, b.shape)
    with h5py.File(path, "r") as f:
        g = f["mcmc"]
        chain, lp, blobs = g["chain"], g["log_prob"], g["blobs"]
        assert chain.shape == (steps, n, d) and chain.dtype == np.float64
        per = max(1, 4_000_000 // (n * d))
        for t0 in range(0, steps, per):
            t1 = min(steps, t0 + per)
            i = np.arange(t0 * n * d, t1 * n * d, dtype=np.int64).astype(np.float64)
            assert same_bits(chain[t0:t1], (i / 7.0).reshape(t1 - t0, n, d)), "chain at %d" % t0
            k = np.arange(t0 * n, t1 * n, dtype=np.int64).astype(np.float64)
            assert same_bits(lp[t0:t1], (-k / 3.0).reshape(t1 - t0, n)), "log_prob at %d" % t0
            assert same_bits(blobs[t0:t1], (k / 11.0).reshape(t1 - t0, n)), "blobs at %d" % t0
    tail = b.get_chain(discard=steps - 2)
    assert tail.shape == (2, n, d)
    print("synthetic-matches=True steps=%d" % steps)
else:
    ref = emcee.backends.HDFBackend(sys.argv[2], read_only=True)
    other = emcee.backends.HDFBackend(sys.argv[3], read_only=True)
    a, b = ref.random_state, other.random_state
    # numpy's set_state wants the name as str, not bytes (and emcee drops a state it refuses
    # without a word), so the state is used as h5py returns it.
    name_is_str = b is not None and isinstance(b[0], str)
    same_state = (
        b is not None and a[0] == b[0] and np.array_equal(np.asarray(a[1], np.uint32), b[1])
        and list(a[2:]) == list(b[2:])
    )
    rs = np.random.RandomState()
    rs.set_state(tuple(b))  # raises if numpy does not take it back

    def log_prob(x):
        r2 = float(np.dot(x, x))
        return -0.5 * r2, r2, x[0]

    chains = []
    for backend in (ref, other):
        s = emcee.EnsembleSampler(backend.shape[0], backend.shape[1], log_prob)
        s.run_mcmc(backend.get_last_sample(), 50)
        chains.append(s.get_chain())
    print("name-is-str=%s same-state=%s continued-alike=%s"
          % (name_is_str, same_state, same_bits(chains[0], chains[1])))
