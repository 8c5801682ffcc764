"""Checks structured blobs (emcee's blobs_dtype) with Debian's Python (python3-emcee, h5py, numpy).

  check H5 NPZ DIR STEPS NWALKERS CHAIN READER_DIR
                 reads H5 with emcee's HDFBackend(read_only=True).get_blobs(), NPZ with
                 numpy.load and the chain file CHAIN with emcee_jvm_reader (from READER_DIR), and
                 checks that each holds the fields a (float64), b (float64, (3,)), n (int64) and
                 c (int64, (2,)), in that order, equal bit for bit to DIR/a.f8, DIR/b.f8, DIR/n.i8
                 and DIR/c.i8 (raw little-endian values, step after step)
  plain H5 NPZ   checks that H5 (read by emcee's HDFBackend) and NPZ hold the plain double blobs
                 r2 and x0 of TestModels as a structured array: r2 == -2 log_prob and x0 == the
                 first coordinate, bit for bit
  write H5       runs emcee 20 steps with blobs_dtype [("a", float), ("b", float, 3), ("n", int)]
                 and an HDFBackend in H5: a = x0 * x1, b = x, n = floor(x0 * 1e6) per walker
"""
import sys

import emcee
import numpy as np

FIELDS = [("a", "<f8", ()), ("b", "<f8", (3,)), ("n", "<i8", ()), ("c", "<i8", (2,))]


def check(name, blobs, folder, steps, nwalkers):
    problems = []
    if blobs.shape != (steps, nwalkers):
        problems.append("shape %s" % (blobs.shape,))
    if blobs.dtype.names != tuple(f[0] for f in FIELDS):
        problems.append("names %s" % (blobs.dtype.names,))
    for field, dtype, shape in FIELDS:
        values = blobs[field]
        want = np.fromfile("%s/%s.%s" % (folder, field, dtype[1:]), dtype=dtype)
        want = want.reshape((steps, nwalkers) + shape)
        if values.dtype != np.dtype(dtype):
            problems.append("%s dtype %s" % (field, values.dtype))
        if values.shape != want.shape:
            problems.append("%s shape %s" % (field, values.shape))
        elif values.astype(dtype).tobytes() != want.tobytes():
            problems.append("%s values differ" % field)
    print("%s fields=%s shape=%s b=%s c=%s matches=%s %s" % (
        name, ",".join(blobs.dtype.names or ()), blobs.shape, blobs["b"].shape,
        blobs["c"].dtype, not problems, "; ".join(problems)))


mode = sys.argv[1]
if mode == "check":
    h5, npz, folder, steps, nwalkers, chain, reader = sys.argv[2:9]
    steps, nwalkers = int(steps), int(nwalkers)
    backend = emcee.backends.HDFBackend(h5, read_only=True)
    check("h5", backend.get_blobs(), folder, steps, nwalkers)
    flat = backend.get_blobs(flat=True, discard=2, thin=3)
    print("h5-flat shape=%s b=%s" % (flat.shape, flat["b"].shape))
    with np.load(npz) as archive:
        check("npz", archive["blobs"], folder, steps, nwalkers)
    sys.path.insert(0, reader)
    from emcee_jvm_reader import ChainReader

    chain_reader = ChainReader(chain)
    chain_reader.refresh()
    check("reader", chain_reader.get_blobs(), folder, steps, nwalkers)
    last = chain_reader.get_last_sample().blobs
    print("reader-last shape=%s same=%s" % (
        last.shape, last.tobytes() == chain_reader.get_blobs()[-1].tobytes()))
elif mode == "plain":
    backend = emcee.backends.HDFBackend(sys.argv[2], read_only=True)
    chain, lp = backend.get_chain(), backend.get_log_prob()
    with np.load(sys.argv[3]) as archive:
        for name, blobs in (("h5", backend.get_blobs()), ("npz", archive["blobs"])):
            same = (blobs.dtype.names == ("r2", "x0")
                    and np.array_equal(blobs["r2"], -2 * lp)
                    and blobs["x0"].tobytes() == np.ascontiguousarray(chain[..., 0]).tobytes())
            print("%s-plain names=%s shape=%s matches=%s" % (
                name, ",".join(blobs.dtype.names or ()), blobs.shape, same))
elif mode == "write":
    dtype = [("a", float), ("b", float, 3), ("n", int)]

    def log_prob(x):
        return -0.5 * np.sum(x**2), x[0] * x[1], x, int(np.floor(x[0] * 1e6))

    np.random.seed(7)
    backend = emcee.backends.HDFBackend(sys.argv[2])
    backend.reset(16, 3)
    sampler = emcee.EnsembleSampler(16, 3, log_prob, backend=backend, blobs_dtype=dtype)
    sampler.run_mcmc(np.random.randn(16, 3), 20)
    blobs = sampler.get_blobs()
    print("written fields=%s b=%s n=%s" % (",".join(blobs.dtype.names), blobs["b"].shape,
                                          blobs["n"].dtype))
else:
    raise SystemExit("unknown mode " + mode)
