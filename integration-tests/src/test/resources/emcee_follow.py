"""Follows a chain file while a Java run writes it, with the repository's python/emcee_jvm_reader.

  emcee_follow.py READER_DIR CHAIN STEPS SEEN

Polls CHAIN until it holds STEPS steps. After every read that found new steps it keeps a copy of
what the getters returned and writes the iteration to SEEN (the Java side waits on it at a few
points, so that some reads certainly happen while its run is blocked mid-run). At the end, checks
that every read is a prefix of the final chain, bit for bit, and prints the iterations read and a
SHA-256 of the final chain, log-probabilities and acceptance fractions (big-endian float64).
"""
import hashlib
import os
import sys
import time

import numpy as np

sys.path.insert(0, sys.argv[1])
from emcee_jvm_reader import ChainFileError, ChainReader  # noqa: E402

path, total, seen = sys.argv[2], int(sys.argv[3]), sys.argv[4]
deadline = time.time() + 240
reader = None
while reader is None:
    try:
        reader = ChainReader(path)
    except (FileNotFoundError, ChainFileError):
        if time.time() > deadline:
            raise
        time.sleep(0.005)

reads = []
last = -1
while True:
    it = reader.refresh()
    if it != last:
        last = it
        if it > 0:
            reads.append(
                (it, reader.get_chain(), reader.get_log_prob(), reader.get_blobs(),
                 reader.accepted, reader.get_chain(flat=True, thin=3, discard=5)
                 if it > 8 else None)
            )
        tmp = seen + ".tmp"
        with open(tmp, "w") as f:
            f.write(str(it))
        os.replace(tmp, seen)
    if it >= total:
        break
    if time.time() > deadline:
        sys.exit("timed out at iteration %d of %d" % (it, total))
    time.sleep(0.002)

final_chain, final_lp, final_blobs = reader.get_chain(), reader.get_log_prob(), reader.get_blobs()


def same(a, b):
    return a.shape == b.shape and np.array_equal(a.view(np.uint64), b.view(np.uint64))


for it, chain, lp, blobs, accepted, thinned in reads:
    assert chain.shape == (it, reader.nwalkers, reader.ndim), chain.shape
    assert same(chain, final_chain[:it]), "chain read at %d is not a prefix" % it
    assert same(lp, final_lp[:it]), "log_prob read at %d is not a prefix" % it
    assert same(blobs, final_blobs[:it]), "blobs read at %d are not a prefix" % it
    if thinned is not None:
        expect = final_chain[5 + 3 - 1: it: 3].reshape(-1, reader.ndim)
        assert same(thinned, expect), "thinned read at %d differs" % it
    assert accepted.shape == (reader.nwalkers,)

# A copy cut inside the last block, and one with a flipped byte in it, read as the blocks before.
from emcee_jvm_reader import crc32c  # noqa: E402

with open(path, "rb") as f:
    whole = f.read()
last = reader._blocks[-1]
assert crc32c(whole, native=False) == crc32c(whole), "numpy CRC32C differs"
for name, data in (
    ("cut", whole[: last.offset + 100]),
    ("flipped", whole[: last.offset + 40] + bytes([whole[last.offset + 40] ^ 1])
     + whole[last.offset + 41:]),
):
    copy = seen + "." + name
    with open(copy, "wb") as f:
        f.write(data)
    r = ChainReader(copy)
    assert r.iteration == last.first, (name, r.iteration, last.first)
    assert same(r.get_chain(), final_chain[: last.first]), name
    assert r.pending_bytes == len(data) - last.offset, name
print("damaged-copies=ok")

h = hashlib.sha256()
h.update(final_chain.astype(">f8").tobytes())
h.update(final_lp.astype(">f8").tobytes())
h.update((reader.accepted / float(reader.iteration)).astype(">f8").tobytes())
print("reads=" + ",".join(str(r[0]) for r in reads))
print("blobs=" + str(final_blobs.shape))
print("digest=" + h.hexdigest())
