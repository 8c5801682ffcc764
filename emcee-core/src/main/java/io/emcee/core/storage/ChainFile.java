package io.emcee.core.storage;

import io.emcee.api.EmceeException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A chain file as {@link FileBackend} has it open: the handle and, for a writer, its lock; what the
 * last scan verified (header, block index, where the good part ends, what follows it); and the
 * reads and writes of whole blocks. Not thread-safe; the backend calls it under its lock.
 */
final class ChainFile {
  private final Path path;
  private final boolean readOnly;

  /**
   * The file. Not a FileChannel: an interrupt of a thread inside a channel's read or write closes
   * the channel, and a sampler stopped by Ctrl-C still has to write its last steps.
   */
  private @Nullable RandomAccessFile file;

  /** The lock and registry entry of a writer; null for a reader. */
  private final ChainLocks.@Nullable Lease lease;

  /** A reader's registry key, to park its handle while a writer in this JVM holds the file. */
  private final @Nullable Object readerKey;

  private @Nullable ChainMetadata metadata;
  private int version = ChainFormat.VERSION;
  private final Segments segments = new Segments();
  private long goodBytes;
  private boolean tornTail;
  private ChainScan.@Nullable Result lastScan;
  private FileBackend.Recovery recovery = new FileBackend.Recovery(0, 0, 0, "new file");
  private final BlockIndex index = new BlockIndex();

  /**
   * Opens the file (a writer takes its lock, creating the file if missing).
   *
   * @throws EmceeException F008 when another writer holds it, F004 when it cannot be opened
   */
  ChainFile(Path path, boolean readOnly) {
    this.path = path;
    this.readOnly = readOnly;
    try {
      if (readOnly) {
        ChainLocks.ReadHandle handle = ChainLocks.openForReading(path);
        this.file = handle.file();
        this.lease = null;
        this.readerKey = handle.key();
      } else {
        ChainLocks.Lease held = ChainLocks.openForWriting(path);
        this.lease = held;
        this.file = held.file();
        this.readerKey = null;
      }
    } catch (IOException e) {
      throw ioFailure("open", e);
    }
  }

  Path path() {
    return path;
  }

  @Nullable ChainMetadata metadata() {
    return metadata;
  }

  BlockIndex index() {
    return index;
  }

  /** The file's format version. */
  int version() {
    return version;
  }

  /** The segments of the stored steps, and the declaration for the next ones. */
  Segments segments() {
    return segments;
  }

  /**
   * Declares how the next steps are made (see {@link ChainBackend#startSegment}): format 2 records
   * each run's settings; format 1 one {@code thinBy} for the whole chain.
   *
   * @throws EmceeException (EMCEE-F020) for a file of format 1 whose {@code thinBy} or {@code tune}
   *     differ from the run's
   */
  void declareSegment(int thinBy, boolean tune, boolean follows) {
    if (version >= 2) {
      segments.declare(thinBy, tune, follows);
      return;
    }
    if (!segments.isEmpty()
        && (segments.last().thinBy() != thinBy || segments.last().tune() != tune)) {
      ChainSegment last = segments.last();
      throw new EmceeException(
          "EMCEE-F020",
          path
              + " is a chain file of format 1, which records one thinBy for the whole chain ("
              + last.thinBy()
              + (last.tune() ? ", tuned" : "")
              + "), but this run asks for thinBy "
              + thinBy
              + (tune ? " with tuning" : "")
              + "; continue it with thinBy "
              + last.thinBy()
              + ", or start a new chain file, which records each run's settings");
    }
    segments.declare(thinBy, tune, true); // format 1 keeps one segment
  }

  FileBackend.Recovery recovery() {
    return recovery;
  }

  /** Whether the last scan found damage (not just a torn last block) after the good part. */
  boolean damaged() {
    ChainScan.Result r = lastScan;
    return r != null && r.tail() == ChainScan.Tail.DAMAGED;
  }

  /** Whether anything at all follows the good part. */
  boolean hasTail() {
    return damaged() || tornTail;
  }

  private RandomAccessFile file() {
    RandomAccessFile f = file;
    if (f == null) {
      throw new EmceeException(
          "EMCEE-F005",
          "the chain file " + path + " is closed; open it again with FileBackend.open(path)");
    }
    return f;
  }

  // ---------------------------------------------------------------- scanning

  /**
   * Reads the header and every good block after it, or the blocks written since the last call
   * (follower mode); an empty file stays uninitialised.
   *
   * @return the scan, or null when the file is still empty
   * @throws EmceeException F001..F003 (no chain, damaged header), F004 when the file became shorter
   *     than what was read (recovered or restarted by its writer)
   */
  ChainScan.@Nullable Result scan() {
    try {
      long size = file().length();
      if (metadata == null) {
        if (size == 0) {
          return null;
        }
        ChainScan.Header header = ChainScan.header(this::read, size, path);
        index.clear();
        segments.clear();
        goodBytes = header.end();
        metadata = header.metadata();
        version = header.version();
      } else if (size < goodBytes) {
        throw new EmceeException(
            "EMCEE-F004",
            "the chain file "
                + path
                + " is now shorter ("
                + size
                + " bytes) than the "
                + goodBytes
                + " bytes read from it: it was recovered or restarted; open it again");
      }
      ChainMetadata m = Objects.requireNonNull(metadata);
      ChainScan.Result r =
          ChainScan.blocks(this::read, size, goodBytes, m, version, index, segments);
      if (version < 2 && index.storedSteps() > 0 && segments.isEmpty()) {
        segments.single(ChainFormat.legacyThinBy(m.moves()));
      }
      lastScan = r;
      goodBytes = r.goodBytes();
      tornTail = r.tail() == ChainScan.Tail.TORN;
      recovery =
          new FileBackend.Recovery(index.storedSteps(), goodBytes, size - goodBytes, r.reason());
      return r;
    } catch (IOException e) {
      throw ioFailure("read", e);
    }
  }

  /** The error a read-write open of a damaged file gives. */
  EmceeException refusal() {
    return ChainRecovery.refusal(path, recovery, Objects.requireNonNull(lastScan));
  }

  /** Moves everything after the good part aside and cuts the file there. */
  void recover() {
    try {
      recovery = ChainRecovery.cut(path, file(), recovery, Objects.requireNonNull(lastScan));
      tornTail = false;
      lastScan = null;
    } catch (IOException e) {
      throw ioFailure("recover", e);
    }
  }

  // ---------------------------------------------------------------- writing

  /** Replaces the whole file by a new chain's header. */
  void start(ChainMetadata m, boolean sync) {
    try {
      RandomAccessFile f = file();
      f.setLength(0);
      write(0, ChainFormat.encodeHeader(m));
      if (sync) {
        f.getFD().sync();
      }
      metadata = m;
      version = ChainFormat.VERSION;
      segments.clear();
      goodBytes = f.length();
      tornTail = false;
      lastScan = null;
      index.clear();
      recovery = new FileBackend.Recovery(0, goodBytes, 0, "new chain");
    } catch (IOException e) {
      throw ioFailure("write", e);
    }
  }

  /** Appends an encoded block of {@code steps} steps after the good part. */
  void append(ByteBuffer[] block, int steps, boolean sync) {
    long length = 0;
    for (ByteBuffer part : block) {
      length += part.remaining();
    }
    try {
      if (tornTail) { // the start of a block a crash cut short: replace it, cut first
        file().setLength(goodBytes);
        tornTail = false;
      }
      write(goodBytes, block);
      if (sync) {
        file().getFD().sync();
      }
    } catch (IOException e) {
      throw ioFailure("write", e);
    }
    index.add(goodBytes, steps);
    goodBytes += length;
  }

  // ---------------------------------------------------------------- reading

  /** The bytes of stored step {@code step} (in a block on disk). */
  ByteBuffer step(int step) {
    try {
      return index.step(step, ChainFormat.stepBytes(Objects.requireNonNull(metadata)), this::read);
    } catch (IOException e) {
      throw ioFailure("read", e);
    }
  }

  private ByteBuffer read(long position, long length) throws IOException {
    RandomAccessFile f = file();
    byte[] bytes = new byte[(int) length];
    f.seek(position);
    int n = 0;
    while (n < bytes.length) {
      int r = f.read(bytes, n, bytes.length - n);
      if (r < 0) {
        break;
      }
      n += r;
    }
    return ChainFormat.le(ByteBuffer.wrap(bytes, 0, n).slice());
  }

  private void write(long position, ByteBuffer... parts) throws IOException {
    RandomAccessFile f = file();
    f.seek(position);
    for (ByteBuffer p : parts) {
      f.write(p.array(), p.arrayOffset() + p.position(), p.remaining());
      p.position(p.limit());
    }
  }

  /** Closes the file; a writer lets go of its lock. Closing twice is harmless. */
  void close() {
    RandomAccessFile f = file;
    file = null;
    if (f == null) {
      return;
    }
    ChainLocks.Lease held = lease;
    Object key = readerKey;
    if (held != null) {
      held.release();
    } else if (key != null) {
      ChainLocks.closeReader(f, key);
    }
  }

  EmceeException ioFailure(String what, IOException e) {
    return new EmceeException(
        "EMCEE-F004",
        "could not " + what + " the chain file " + path + ": " + e,
        new UncheckedIOException(e));
  }

  @Override
  public String toString() {
    return path + (readOnly ? " (read-only)" : "");
  }
}
