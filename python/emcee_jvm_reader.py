"""Read an emcee-jvm chain file from Python, also while a Java run is still writing it.

Copy this one file next to your notebook or script; it needs numpy and nothing else.

    from emcee_jvm_reader import ChainReader

    chain = ChainReader("run.chain")
    chain.refresh()                       # take the blocks written since: returns the iteration
    samples = chain.get_chain(flat=True, discard=1000, thin=10)

The getters have the names, arguments and array shapes of emcee's backends (``get_chain``,
``get_log_prob``, ``get_blobs``, ``iteration``, ``accepted``, ``shape``), so code written for
``emcee.backends.HDFBackend`` works on a ``ChainReader`` as it stands.

What a reader sees: the chain file is a header and then append-only blocks of steps, each with a
CRC32C checksum. A reader takes a block only once it is whole and its checksum matches, so it
never sees a half-written block as data; every read is a prefix of the final chain. The writer
writes a block every ``flushEverySteps`` steps or ``flushInterval`` (``FileBackend.Options``; 1000
steps or 5 s by default), so that is how far a reader can lag behind the run.

If the writer starts the chain over (``reset``) or a recovery cuts the file, the blocks already
read are no longer there: ``refresh`` raises ``ChainChanged`` and a new ``ChainReader`` reads the
file as it now is.
"""

import os
import struct
from collections import namedtuple

import numpy as np

__all__ = ["ChainReader", "ChainFileError", "ChainChanged", "Segment", "crc32c"]

MAGIC = b"EMCEEJVM"
VERSIONS = (1, 2)  # the chain formats this reader reads
PREAMBLE = len(MAGIC) + 8
BLOCK_MAGIC = {1: b"BLK1", 2: b"BLK2"}  # a format-1 chain continued keeps format-1 blocks
SEGMENT_BYTES = {1: 0, 2: 8}  # format 2 ends each block with its segment: thinBy, flags
TUNE, STARTS, FOLLOWS = 1, 2, 4  # segment flags
INTEGER_SUFFIX = ":int64"  # marks the columns of an integer blob field (BlobField in Java)
BLOCK_HEADER = 4 + 8 + 4 + 4
CHECKSUM = 4
RANDOM_STATE_LENGTH = 6  # longs of the random stream's state at the end of every block


class ChainFileError(Exception):
    """The file is not an emcee-jvm chain file this reader understands, or its header is damaged."""


class ChainChanged(ChainFileError):
    """The file no longer holds the blocks already read (restarted or recovered): open it again."""


# ------------------------------------------------------------------------------------- CRC32C

_POLY = 0x82F63B78
_TABLE = np.zeros(256, dtype=np.uint32)
for _i in range(256):
    _c = _i
    for _ in range(8):
        _c = (_c >> 1) ^ _POLY if _c & 1 else _c >> 1
    _TABLE[_i] = _c
_TABLE_LIST = [int(v) for v in _TABLE]


def _shift_tables(nbytes):
    """Four byte-tables of the linear map "feed nbytes zero bytes" on a raw CRC register."""
    basis = [_zeros(1 << i, nbytes) for i in range(32)]
    tables = []
    for k in range(4):
        t = [0] * 256
        for b in range(1, 256):
            low = b & -b
            t[b] = t[b ^ low] ^ basis[8 * k + low.bit_length() - 1]
        tables.append(t)
    return tables


def _zeros(register, nbytes):
    """The raw register after nbytes zero bytes, by squaring the one-zero-bit operator."""
    # The operator for one zero bit, as 32 columns; squared until it covers nbytes * 8 bits.
    op = [_POLY] + [1 << (n - 1) for n in range(1, 32)]
    bits = nbytes * 8
    while bits:
        if bits & 1:
            register = _apply(op, register)
        op = [_apply(op, c) for c in op]
        bits >>= 1
    return register


def _apply(op, v):
    out = 0
    i = 0
    while v:
        if v & 1:
            out ^= op[i]
        v >>= 1
        i += 1
    return out


_LANE = 1024
_SHIFT_LANE = None


def _crc32c_numpy(data):
    """CRC32C of a bytes-like object with numpy: lanes of _LANE bytes are run side by side, then
    joined; a CRC register is linear in what it is fed, which is what makes the join exact."""
    global _SHIFT_LANE
    buf = np.frombuffer(data, dtype=np.uint8)
    n = buf.size
    lanes = -(-n // _LANE)
    # Leading zero bytes leave a zero register unchanged, so pad in front to whole lanes.
    padded = np.zeros(lanes * _LANE, dtype=np.uint8)
    padded[lanes * _LANE - n:] = buf
    cols = np.ascontiguousarray(padded.reshape(lanes, _LANE).T)
    reg = np.zeros(lanes, dtype=np.uint32)
    for j in range(_LANE):
        reg = _TABLE[(reg ^ cols[j]) & 0xFF] ^ (reg >> np.uint32(8))
    if _SHIFT_LANE is None:
        _SHIFT_LANE = _shift_tables(_LANE)
    t0, t1, t2, t3 = _SHIFT_LANE
    raw = 0
    for r in reg.tolist():
        raw = t0[raw & 0xFF] ^ t1[(raw >> 8) & 0xFF] ^ t2[(raw >> 16) & 0xFF] ^ t3[raw >> 24] ^ r
    # The standard CRC starts from all ones and ends inverted.
    return (raw ^ _zeros(0xFFFFFFFF, n)) ^ 0xFFFFFFFF


def _crc32c_small(data):
    c = 0xFFFFFFFF
    t = _TABLE_LIST
    for b in bytes(data):
        c = t[(c ^ b) & 0xFF] ^ (c >> 8)
    return c ^ 0xFFFFFFFF


def _native_crc32c():
    try:
        import crc32c as _m  # the "crc32c" package

        return _m.crc32c
    except ImportError:
        pass
    try:
        import crcmod.predefined as _p  # Debian's python3-crcmod

        return _p.mkCrcFun("crc-32c")
    except ImportError:
        return None


_NATIVE = _native_crc32c()


def crc32c(data, native=True):
    """CRC32C (Castagnoli) as java.util.zip.CRC32C computes it.

    Uses the crc32c or crcmod package when one is installed, numpy otherwise."""
    if native and _NATIVE is not None:
        return _NATIVE(bytes(data))
    if len(data) < 4 * _LANE:
        return _crc32c_small(data)
    return _crc32c_numpy(data)


# ------------------------------------------------------------------------------------- reader

_Block = namedtuple("_Block", "offset first steps")

State = namedtuple("State", "coords log_prob blobs")
Segment = namedtuple("Segment", "first steps thin_by tune follows")


class ChainReader:
    """An emcee-jvm chain file, read block by verified block; ``refresh()`` takes new blocks.

    Opening reads the header and every complete block. Nothing is cached but the block index:
    the getters read the steps they return from the file."""

    def __init__(self, path, verify=True):
        self.path = os.fspath(path)
        self.verify = verify
        self._blocks = []
        self._iteration = 0
        self._good = 0
        self._accepted = None
        self._proposals = 0
        self._random_state = None
        self._read_header()
        self.refresh()

    # --------------------------------------------------------------------------- file structure

    def _read_header(self):
        with open(self.path, "rb") as f:
            pre = f.read(PREAMBLE)
            if len(pre) < PREAMBLE or pre[: len(MAGIC)] != MAGIC:
                raise ChainFileError(self.path + " is not an emcee-jvm chain file (no EMCEEJVM header)")
            version, length = struct.unpack_from("<ii", pre, len(MAGIC))
            if version not in VERSIONS:
                raise ChainFileError(
                    "%s has chain format %d; this reader reads formats %s (take the reader from "
                    "the same emcee-jvm version as the writer)" % (self.path, version, VERSIONS)
                )
            body = f.read(length + CHECKSUM) if length >= 0 else b""
        if length < 0 or len(body) < length + CHECKSUM:
            raise ChainFileError(self.path + ": the header is damaged or not yet written")
        (stored,) = struct.unpack_from("<I", body, length)
        if crc32c(pre[len(MAGIC):] + body[:length]) != stored:
            raise ChainFileError(self.path + ": the header is damaged (checksum mismatch)")
        self._header = pre + body
        at = 0

        def ints(count):
            nonlocal at
            v = struct.unpack_from("<%di" % count, body, at)
            at += 4 * count
            return v

        def string():
            nonlocal at
            (n,) = ints(1)
            s = body[at: at + n].decode("utf-8")
            at += n
            return s

        self.nwalkers, self.ndim, self.nblobs = ints(3)
        self.parameter_names = [string() for _ in range(ints(1)[0])]
        self.blob_names = [string() for _ in range(ints(1)[0])]
        self.moves = string()
        self.fingerprint = string()
        self._start = PREAMBLE + length + CHECKSUM
        self._good = self._start
        n = self.nwalkers
        self._step_doubles = n * self.ndim + n + n * self.nblobs
        self.version = version
        self._block_magic = BLOCK_MAGIC[version]
        self._end_bytes = 8 * (n + 1 + RANDOM_STATE_LENGTH) + SEGMENT_BYTES[version]
        self._segments = []

    def refresh(self):
        """Takes the blocks written since the last call that are whole and whose checksums match.

        Returns the iteration (the number of steps readable now). Raises ``ChainChanged`` when
        the file no longer holds what was read."""
        size = os.path.getsize(self.path)
        if size < self._good:
            raise ChainChanged(
                "%s is now shorter (%d bytes) than the %d bytes read: it was restarted or "
                "recovered; open it again" % (self.path, size, self._good)
            )
        with open(self.path, "rb") as f:
            if f.read(len(self._header)) != self._header:
                raise ChainChanged(self.path + " has another header now: open it again")
            at = self._good
            n_longs = self.nwalkers + 1 + RANDOM_STATE_LENGTH
            while size - at >= BLOCK_HEADER:
                f.seek(at)
                head = f.read(BLOCK_HEADER)
                magic = head[:4]
                first, steps, length = struct.unpack_from("<qii", head, 4)
                if (
                    magic != self._block_magic
                    or first != self._iteration
                    or steps < 1
                    or length != steps * 8 * self._step_doubles + self._end_bytes
                ):
                    break  # not a block that continues the chain (damage, or not ours to judge)
                total = BLOCK_HEADER + length + CHECKSUM
                if total > size - at:
                    break  # still being written
                rest = f.read(length + CHECKSUM)
                if len(rest) < length + CHECKSUM:
                    break
                if self.verify:
                    (stored,) = struct.unpack_from("<I", rest, length)
                    if crc32c(memoryview(head + rest)[: BLOCK_HEADER + length]) != stored:
                        break  # a block being written, or damage: never data
                end_at = steps * 8 * self._step_doubles
                end = np.frombuffer(rest, dtype="<i8", count=n_longs, offset=end_at)
                if self.version >= 2:
                    thin_by, flags = struct.unpack_from("<ii", rest, end_at + 8 * n_longs)
                    if flags & STARTS or not self._segments:
                        self._segments.append(
                            Segment(first, steps, thin_by, bool(flags & TUNE),
                                    bool(flags & FOLLOWS) or not self._segments))
                    else:
                        last = self._segments[-1]
                        self._segments[-1] = last._replace(steps=last.steps + steps)
                self._accepted = end[: self.nwalkers].copy()
                self._proposals = int(end[self.nwalkers])
                self._random_state = end[self.nwalkers + 1:].copy()
                self._blocks.append(_Block(at, first, steps))
                self._iteration += steps
                at += total
            self._good = at
        return self._iteration

    @property
    def segments(self):
        """The runs the chain was written in, as ``Segment(first, steps, thin_by, tune, follows)``:
        ``thin_by`` is the thinning of that run's stored steps, ``follows`` whether its first step
        follows the previous segment's last one (false after steps advanced without storing).
        A format-1 chain has one segment whose thinning the reader does not know (``thin_by`` 0)."""
        if self.version < 2:
            return [Segment(0, self._iteration, 0, False, True)] if self._iteration else []
        return list(self._segments)

    @property
    def pending_bytes(self):
        """Bytes after the last block taken: a block being written (or damage)."""
        return max(0, os.path.getsize(self.path) - self._good)

    # --------------------------------------------------------------------------- emcee's getters

    @property
    def iteration(self):
        """The number of steps read (as of the last ``refresh``)."""
        return self._iteration

    @property
    def shape(self):
        """``(nwalkers, ndim)``."""
        return self.nwalkers, self.ndim

    @property
    def accepted(self):
        """Accepted proposals per walker since the chain began, as floats like emcee's."""
        if self._accepted is None:
            return np.zeros(self.nwalkers)
        return self._accepted.astype(np.float64)

    @property
    def proposals(self):
        """Proposals per walker since the chain began."""
        return self._proposals

    @property
    def acceptance_fraction(self):
        """Accepted over proposed, per walker."""
        return self.accepted / max(1, self._proposals)

    @property
    def random_state(self):
        """The Java random stream's state after the last step read (not numpy's)."""
        return None if self._random_state is None else self._random_state.copy()

    def has_blobs(self):
        return self.nblobs > 0

    def get_chain(self, flat=False, thin=1, discard=0):
        """Coordinates, ``(steps, nwalkers, ndim)`` or with ``flat`` ``(steps * nwalkers, ndim)``."""
        return self._get("chain", flat, thin, discard)

    def get_log_prob(self, flat=False, thin=1, discard=0):
        """Log-probabilities, ``(steps, nwalkers)`` or flat ``(steps * nwalkers,)``."""
        return self._get("log_prob", flat, thin, discard)

    def get_blobs(self, flat=False, thin=1, discard=0):
        """Blobs as emcee stores several floats per walker: ``(steps, nwalkers)`` for one blob,
        ``(steps, nwalkers, nblobs)`` for more (names in ``blob_names``); None without blobs.
        Blobs declared with fields that are arrays or integers (``BlobField``) come as emcee's
        structured ``blobs_dtype`` does: ``(steps, nwalkers)`` records (``blobs_dtype``); an
        integer left unset at -inf reads as int64's minimum, as our exports write it."""
        if self.nblobs == 0:
            return None
        values = self._get("blobs", flat, thin, discard)
        dtype = self.blobs_dtype
        if dtype is None:
            return values
        values = values.reshape(values.shape[:-1] + (self.nblobs,)) if self.nblobs > 1 else (
            values[..., None])
        out = np.empty(values.shape[:-1], dtype=dtype)
        offset = 0
        for name in dtype.names:
            field = dtype.fields[name][0]
            width = int(np.prod(field.shape)) if field.shape else 1
            column = values[..., offset: offset + width].reshape(values.shape[:-1] + field.shape)
            if field.base.kind == "i":
                whole = np.where(np.isnan(column), 0, column).astype(np.int64)
                column = np.where(np.isnan(column), np.iinfo(np.int64).min, whole)
            out[name] = column
            offset += width
        return out

    @property
    def blobs_dtype(self):
        """numpy's structured dtype of the blob fields when one is an array or an integer (the
        column names ``b[0]``..``b[k-1]`` make an array ``b``, a name ending with ``:int64`` an
        integer), else None: plain double blobs keep one column each."""
        fields, i, names = [], 0, self.blob_names
        while i < len(names):
            c = names[i]
            integer = c.endswith(INTEGER_SUFFIX)
            bare = c[: -len(INTEGER_SUFFIX)] if integer else c
            suffix = INTEGER_SUFFIX if integer else ""
            kind = "<i8" if integer else "<f8"
            base = bare[:-3] if bare.endswith("[0]") and len(bare) > 3 else None
            if base is not None and "[" not in base and "]" not in base and base.strip():
                k = 1
                while i + k < len(names) and names[i + k] == "%s[%d]%s" % (base, k, suffix):
                    k += 1
                fields.append((base, kind, (k,)))
                i += k
            else:
                lone = integer and bare.strip() and "[" not in bare and "]" not in bare
                fields.append((bare, kind) if lone else (c, "<f8"))
                i += 1
        if all(len(f) == 2 and f[1] == "<f8" for f in fields):
            return None
        return np.dtype(fields)

    def get_last_sample(self):
        """The last step read: coordinates, log-probabilities and blobs."""
        if self._iteration == 0:
            raise AttributeError("no steps written yet: run the sampler, then refresh()")
        last = self._iteration - 1
        return State(
            self._get("chain", False, 1, last)[0],
            self._get("log_prob", False, 1, last)[0],
            None if self.nblobs == 0 else self.get_blobs(False, 1, last)[0],
        )

    def _get(self, name, flat, thin, discard):
        if self._iteration <= 0:
            raise AttributeError("no steps written yet: run the sampler, then refresh()")
        if thin < 1 or discard < 0:
            raise ValueError("thin must be at least 1 and discard not negative")
        n, d, b = self.nwalkers, self.ndim, self.nblobs
        if name == "chain":
            lo, hi, tail = 0, n * d, (n, d)
        elif name == "log_prob":
            lo, hi, tail = n * d, n * d + n, (n,)
        else:
            lo, hi, tail = n * d + n, n * d + n + n * b, ((n,) if b == 1 else (n, b))
        wanted = np.arange(discard + thin - 1, self._iteration, thin)
        out = np.empty((wanted.size, hi - lo), dtype=np.float64)
        k = 0
        with open(self.path, "rb") as f:
            for blk in self._blocks:
                rows = wanted[(wanted >= blk.first) & (wanted < blk.first + blk.steps)] - blk.first
                if rows.size == 0:
                    continue
                f.seek(blk.offset + BLOCK_HEADER + rows[0] * 8 * self._step_doubles)
                span = int(rows[-1] - rows[0] + 1)
                raw = f.read(span * 8 * self._step_doubles)
                steps = np.frombuffer(raw, dtype="<f8").reshape(span, self._step_doubles)
                out[k: k + rows.size] = steps[rows - rows[0], lo:hi]
                k += rows.size
        v = out.reshape((wanted.size,) + tail)
        if flat:
            return v.reshape((wanted.size * v.shape[1],) + v.shape[2:])
        return v


if __name__ == "__main__":
    import sys

    r = ChainReader(sys.argv[1])
    print("iteration=%d nwalkers=%d ndim=%d blobs=%s" % (r.iteration, r.nwalkers, r.ndim, r.blob_names))
