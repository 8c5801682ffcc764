"""Both directions of the HDF5 interop test, run with Debian's Python (python3-emcee, python3-h5py).

  read PATH         prints the SHA-256 of what emcee's HDFBackend reads: chain, log_prob and
                    acceptance fraction as big-endian float64, in that order; then the shapes.
  npz PATH          the same digest of what numpy.load reads from our NPZ export.
  segments H5 NPZ   what emcee reads from the HDF5 export (shape, iteration) and the segments that
                    h5py and numpy read from the HDF5 attributes and the NPZ arrays.
  write PATH SEED   samples a 3-D Gaussian with emcee (16 walkers, 200 steps, blobs) into an
                    HDFBackend at PATH and prints the same digest of what it stored.
"""
import hashlib
import sys

import emcee
import numpy as np


def digest(backend):
    h = hashlib.sha256()
    h.update(backend.get_chain().astype(">f8").tobytes())
    h.update(backend.get_log_prob().astype(">f8").tobytes())
    h.update((backend.accepted / float(backend.iteration)).astype(">f8").tobytes())
    return h.hexdigest()


def log_prob(x):
    r2 = float(np.dot(x, x))
    return -0.5 * r2, r2, x[0]


if sys.argv[1] == "npz":
    z = np.load(sys.argv[2])
    h = hashlib.sha256()
    h.update(z["chain"].astype(">f8").tobytes())
    h.update(z["log_prob"].astype(">f8").tobytes())
    h.update((z["accepted"] / float(z["iteration"])).astype(">f8").tobytes())
    print("digest=" + h.hexdigest())
elif sys.argv[1] == "segments":
    import h5py

    b = emcee.backends.HDFBackend(sys.argv[2], read_only=True)
    print("emcee chain=" + str(b.get_chain().shape) + " iteration=" + str(b.iteration))
    keys = ("first_step", "thin_by", "tune", "follows")
    with h5py.File(sys.argv[2], "r") as f:
        a = f["mcmc"].attrs
        print("h5 " + " ".join(k + "=" + str([int(v) for v in a["segment_" + k]]) for k in keys))
    z = np.load(sys.argv[3])
    print("npz " + " ".join(k + "=" + str([int(v) for v in z["segment_" + k]]) for k in keys))
    print("npz dtypes " + " ".join(str(z["segment_" + k].dtype) for k in keys))
elif sys.argv[1] == "read":
    b = emcee.backends.HDFBackend(sys.argv[2], read_only=True)
    print("digest=" + digest(b))
    print("chain=" + str(b.get_chain().shape) + " blobs=" + str(b.get_blobs().shape))
    print("iteration=" + str(b.iteration))
else:
    np.random.seed(int(sys.argv[3]))
    backend = emcee.backends.HDFBackend(sys.argv[2])
    backend.reset(16, 3)
    sampler = emcee.EnsembleSampler(16, 3, log_prob, backend=backend)
    sampler.run_mcmc(np.random.randn(16, 3), 200)
    print("digest=" + digest(emcee.backends.HDFBackend(sys.argv[2], read_only=True)))
