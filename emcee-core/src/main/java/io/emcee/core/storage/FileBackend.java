package io.emcee.core.storage;

import io.emcee.api.EmceeException;
import io.emcee.api.Stability;
import io.emcee.core.random.RandomStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * A chain in a file that survives crashes: append-only blocks of steps, each checksummed (CRC32C)
 * and carrying the acceptance counts and random state at its end, so that a file cut at any byte
 * opens as "every step up to the last good block" and a run resumes from there to exactly the chain
 * an uninterrupted run would have given. Steps are buffered and written every {@link
 * Options#flushEverySteps} steps or {@link Options#flushInterval}, on {@link #close()}, and on JVM
 * shutdown. Old steps are read back from the file on demand, so the heap stays bounded however long
 * the run. Another process can read the file while a run writes it ({@link #openReadOnly}, {@link
 * #refresh()}).
 *
 * <pre>
 * {@code try (FileBackend chain = FileBackend.open(Path.of("run.chain"))) { Sampler s = Sampler.builder().backend(chain).build(); ... } }
 * </pre>
 *
 * <p>Layout (little-endian): an 8-byte magic {@code EMCEEJVM}, a checksummed header (format
 * version, shape, parameter and blob names, move set, fingerprint), then blocks of {@code magic,
 * firstStep, steps, payloadLength, payload, crc32c}; a payload holds each step's coordinates,
 * log-probabilities and blobs, then the cumulative acceptance counts, the number of proposals and
 * the random stream's state after its last step.
 */
@Stability(Stability.Level.EXPERIMENTAL)
public final class FileBackend implements ChainBackend {
  private static final byte[] MAGIC = "EMCEEJVM".getBytes(StandardCharsets.US_ASCII);
  private static final int VERSION = 1;
  private static final int BLOCK_MAGIC = 0x314B4C42; // "BLK1"
  private static final int BLOCK_HEADER = 4 + 8 + 4 + 4;

  /**
   * How often buffered steps are written.
   *
   * @param flushEverySteps write after this many buffered steps (at least 1)
   * @param flushInterval write when the oldest buffered step is this old
   * @param sync also force each write to the disk ({@code fsync}), which survives a machine crash
   *     and not only a killed process, at the price of a disk round trip per write
   */
  public record Options(int flushEverySteps, Duration flushInterval, boolean sync) {
    /** Every 1000 steps or 5 seconds, without fsync: safe against a killed process. */
    public static final Options DEFAULT = new Options(1000, Duration.ofSeconds(5), false);

    /** Checks the options. */
    public Options {
      if (flushEverySteps < 1 || flushInterval.isNegative()) {
        throw new EmceeException(
            "EMCEE-F006",
            "flushEverySteps must be at least 1 and flushInterval not negative, got "
                + flushEverySteps
                + " and "
                + flushInterval);
      }
    }

    /**
     * A copy that writes after {@code steps} buffered steps.
     *
     * @param steps at least 1
     * @return the changed options
     */
    public Options withFlushEverySteps(int steps) {
      return new Options(steps, flushInterval, sync);
    }

    /**
     * A copy that writes when the oldest buffered step is {@code interval} old.
     *
     * @param interval the longest time a step waits in memory
     * @return the changed options
     */
    public Options withFlushInterval(Duration interval) {
      return new Options(flushEverySteps, interval, sync);
    }

    /**
     * A copy that does or does not {@code fsync} every write.
     *
     * @param sync whether to force writes to the disk
     * @return the changed options
     */
    public Options withSync(boolean sync) {
      return new Options(flushEverySteps, flushInterval, sync);
    }
  }

  /**
   * What opening the file found.
   *
   * @param steps the steps recovered
   * @param goodBytes the length of the valid part of the file
   * @param discardedBytes bytes after it that did not form a complete, valid block
   * @param reason why scanning stopped there, or {@code "end of file"}
   */
  public record Recovery(int steps, long goodBytes, long discardedBytes, String reason) {}

  private final Path path;
  private final Options options;
  private final boolean readOnly;

  /**
   * The file. Not a FileChannel: an interrupt of a thread inside a channel's read or write closes
   * the channel, and a sampler stopped by Ctrl-C still has to write its last steps.
   */
  private @Nullable RandomAccessFile file;

  private @Nullable ChainMetadata metadata;
  private long headerEnd;
  private long goodBytes;
  private Recovery recovery = new Recovery(0, 0, 0, "new file");

  // Index of the blocks in the file: offset, first step, number of steps.
  private long[] blockOffsets = new long[16];
  private int[] blockFirst = new int[16];
  private int[] blockSteps = new int[16];
  private int blocks;
  private int storedSteps;

  // State after the last stored step (file or buffer).
  private long[] accepted = new long[0];
  private long proposals;
  private long[] randomState = new long[0];

  // Steps not yet written: complete steps, encoded as in a payload.
  private ByteBuffer buffer = ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);
  private int bufferedSteps;
  private long oldestBuffered;

  // The last block read, for sequential reads.
  private int cachedBlock = -1;
  private @Nullable ByteBuffer cachedPayload;
  private final Map<Long, double[]> columns = new LinkedHashMap<>();

  private final Object lock = new Object();
  private final @Nullable Thread shutdownHook;
  private volatile boolean closed;

  private FileBackend(Path path, Options options, boolean readOnly) {
    this.path = path;
    this.options = options;
    this.readOnly = readOnly;
    try {
      this.file = new RandomAccessFile(path.toFile(), readOnly ? "r" : "rw");
      if (file().length() > 0) {
        load();
        if (!readOnly && goodBytes < file().length()) {
          file().setLength(goodBytes); // a torn last block: later blocks append after the good ones
        }
      }
    } catch (IOException e) {
      closeQuietly();
      throw ioFailure("open", e);
    } catch (RuntimeException e) {
      closeQuietly();
      throw e;
    }
    if (readOnly) {
      this.shutdownHook = null;
    } else {
      Thread hook = new Thread(this::flushQuietly, "emcee-chain-flush");
      Runtime.getRuntime().addShutdownHook(hook);
      this.shutdownHook = hook;
    }
  }

  /**
   * Opens {@code path} for a run: a new file, or an existing chain to continue (recovered to its
   * last good block, any torn tail cut off), with the default options.
   *
   * @param path the chain file
   * @return the backend
   * @throws EmceeException (EMCEE-F001..F004) when the file is not a chain file, its header is
   *     damaged, or it cannot be opened
   */
  public static FileBackend open(Path path) {
    return open(path, Options.DEFAULT);
  }

  /**
   * Opens {@code path} for a run with the given options.
   *
   * @param path the chain file
   * @param options when to write buffered steps
   * @return the backend
   */
  public static FileBackend open(Path path, Options options) {
    return new FileBackend(path, options, false);
  }

  /**
   * Opens an existing chain for reading only, for example while another process writes it; call
   * {@link #refresh()} to see steps written since.
   *
   * @param path the chain file
   * @return the backend
   */
  public static FileBackend openReadOnly(Path path) {
    if (!Files.exists(path)) {
      throw new EmceeException("EMCEE-F004", "no chain file at " + path);
    }
    return new FileBackend(path, Options.DEFAULT, true);
  }

  /**
   * What opening the file found: the steps recovered and anything discarded after them.
   *
   * @return the recovery report
   */
  public Recovery getRecovery() {
    return recovery;
  }

  /**
   * The chain file.
   *
   * @return its path
   */
  public Path getPath() {
    return path;
  }

  private RandomAccessFile file() {
    RandomAccessFile f = file;
    if (f == null || closed) {
      throw new EmceeException("EMCEE-F005", "the chain file " + path + " is closed");
    }
    return f;
  }

  // ---------------------------------------------------------------- reading the file

  private void load() throws IOException {
    long size = file().length();
    ByteBuffer head = read(0, Math.min(size, MAGIC.length + 8));
    byte[] magic = new byte[MAGIC.length];
    if (head.remaining() < MAGIC.length + 8) {
      throw new EmceeException(
          "EMCEE-F001", path + " is not an emcee-jvm chain file (too short for a header)");
    }
    head.get(magic);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new EmceeException(
          "EMCEE-F001", path + " is not an emcee-jvm chain file (it does not start with EMCEEJVM)");
    }
    int version = head.getInt();
    int length = head.getInt();
    if (version != VERSION) {
      throw new EmceeException(
          "EMCEE-F003",
          path + " has chain format " + version + "; this version reads format " + VERSION);
    }
    long bodyStart = MAGIC.length + 8L;
    if (length < 0 || bodyStart + length + 4 > size) {
      throw new EmceeException(
          "EMCEE-F002", path + ": the header is damaged (its length points past the end of file)");
    }
    ByteBuffer body = read(bodyStart, length + 4L);
    CRC32C crc = new CRC32C();
    crc.update(
        ByteBuffer.allocate(8)
            .order(ByteOrder.LITTLE_ENDIAN)
            .putInt(version)
            .putInt(length)
            .flip());
    ByteBuffer content = body.slice(0, length).order(ByteOrder.LITTLE_ENDIAN);
    crc.update(content.duplicate());
    int stored = body.getInt(length);
    if ((int) crc.getValue() != stored) {
      throw new EmceeException(
          "EMCEE-F002",
          path + ": the header is damaged (checksum mismatch); the file cannot be trusted");
    }
    metadata = decodeHeader(content);
    headerEnd = bodyStart + length + 4;
    goodBytes = headerEnd;
    resetState();
    scan();
  }

  /** Reads blocks after {@link #goodBytes} until the file ends or a block is not valid. */
  private void scan() throws IOException {
    ChainMetadata m = java.util.Objects.requireNonNull(metadata);
    long size = file().length();
    String reason = "end of file";
    while (goodBytes < size) {
      if (size - goodBytes < BLOCK_HEADER) {
        reason = "a block header cut off by the end of the file";
        break;
      }
      ByteBuffer h = read(goodBytes, BLOCK_HEADER);
      int magic = h.getInt();
      long first = h.getLong();
      int steps = h.getInt();
      int length = h.getInt();
      if (magic != BLOCK_MAGIC) {
        reason = "no block marker at byte " + goodBytes;
        break;
      }
      if (first != storedSteps || steps < 1 || length != payloadLength(m, steps)) {
        reason = "an inconsistent block header at byte " + goodBytes;
        break;
      }
      if (goodBytes + BLOCK_HEADER + length + 4 > size) {
        reason = "a block cut off by the end of the file";
        break;
      }
      ByteBuffer payload = read(goodBytes + BLOCK_HEADER, length + 4L);
      CRC32C crc = new CRC32C();
      crc.update(h.flip());
      crc.update(payload.slice(0, length));
      if ((int) crc.getValue() != payload.getInt(length)) {
        reason = "a checksum mismatch in the block at byte " + goodBytes;
        break;
      }
      addBlock(goodBytes, (int) first, steps);
      ByteBuffer tail =
          payload.position(steps * stepBytes(m)).slice().order(ByteOrder.LITTLE_ENDIAN);
      for (int w = 0; w < m.nwalkers(); w++) {
        accepted[w] = tail.getLong();
      }
      proposals = tail.getLong();
      randomState = new long[RandomStream.STATE_LENGTH];
      for (int i = 0; i < randomState.length; i++) {
        randomState[i] = tail.getLong();
      }
      storedSteps += steps;
      goodBytes += BLOCK_HEADER + length + 4;
    }
    recovery = new Recovery(storedSteps, goodBytes, size - goodBytes, reason);
  }

  /**
   * Reads blocks written since the file was opened or last refreshed (for a read-only backend
   * following a running chain).
   */
  public void refresh() {
    synchronized (lock) {
      try {
        if (metadata == null) {
          if (file().length() > 0) {
            load();
          }
        } else {
          scan();
        }
      } catch (IOException e) {
        throw ioFailure("read", e);
      }
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
    return ByteBuffer.wrap(bytes, 0, n)
        .order(ByteOrder.LITTLE_ENDIAN)
        .slice()
        .order(ByteOrder.LITTLE_ENDIAN);
  }

  private void addBlock(long offset, int first, int steps) {
    if (blocks == blockOffsets.length) {
      blockOffsets = Arrays.copyOf(blockOffsets, blocks * 2);
      blockFirst = Arrays.copyOf(blockFirst, blocks * 2);
      blockSteps = Arrays.copyOf(blockSteps, blocks * 2);
    }
    blockOffsets[blocks] = offset;
    blockFirst[blocks] = first;
    blockSteps[blocks] = steps;
    blocks++;
  }

  // ---------------------------------------------------------------- encoding

  private static int stepBytes(ChainMetadata m) {
    return 8 * (m.nwalkers() * m.ndim() + m.nwalkers() + m.nwalkers() * m.blobCount());
  }

  private static int payloadLength(ChainMetadata m, int steps) {
    return steps * stepBytes(m) + 8 * (m.nwalkers() + 1 + RandomStream.STATE_LENGTH);
  }

  private static ByteBuffer encodeHeader(ChainMetadata m) {
    List<byte[]> strings = new ArrayList<>();
    int size = 12;
    for (List<String> names : List.of(m.parameterNames(), m.blobNames())) {
      size += 4;
      for (String n : names) {
        byte[] b = n.getBytes(StandardCharsets.UTF_8);
        strings.add(b);
        size += 4 + b.length;
      }
    }
    byte[] moves = m.moves().getBytes(StandardCharsets.UTF_8);
    byte[] fingerprint = m.fingerprint().getBytes(StandardCharsets.UTF_8);
    size += 8 + moves.length + fingerprint.length;
    ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(m.nwalkers()).putInt(m.ndim()).putInt(m.blobCount());
    int i = 0;
    for (List<String> names : List.of(m.parameterNames(), m.blobNames())) {
      b.putInt(names.size());
      for (int k = 0; k < names.size(); k++) {
        byte[] s = strings.get(i++);
        b.putInt(s.length).put(s);
      }
    }
    b.putInt(moves.length).put(moves).putInt(fingerprint.length).put(fingerprint);
    return b.flip();
  }

  private ChainMetadata decodeHeader(ByteBuffer b) {
    try {
      int nwalkers = b.getInt();
      int ndim = b.getInt();
      int blobCount = b.getInt();
      List<String> parameterNames = strings(b);
      List<String> blobNames = strings(b);
      String moves = string(b);
      String fingerprint = string(b);
      if (blobNames.size() != blobCount) {
        throw new IllegalStateException(
            "blob count " + blobCount + " but " + blobNames.size() + " names");
      }
      return new ChainMetadata(nwalkers, ndim, parameterNames, blobNames, moves, fingerprint);
    } catch (RuntimeException e) {
      throw new EmceeException(
          "EMCEE-F002", path + ": the header is damaged (" + e.getMessage() + ")", e);
    }
  }

  private static List<String> strings(ByteBuffer b) {
    int n = b.getInt();
    if (n < 0 || n > b.remaining()) {
      throw new IllegalStateException("bad name count " + n);
    }
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(string(b));
    }
    return out;
  }

  private static String string(ByteBuffer b) {
    int n = b.getInt();
    if (n < 0 || n > b.remaining()) {
      throw new IllegalStateException("bad string length " + n);
    }
    byte[] s = new byte[n];
    b.get(s);
    return new String(s, StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------- ChainBackend

  @Override
  public void reset(ChainMetadata metadata) {
    if (readOnly) {
      throw new EmceeException("EMCEE-F005", path + " was opened read-only");
    }
    synchronized (lock) {
      try {
        RandomAccessFile f = file();
        f.setLength(0);
        ByteBuffer body = encodeHeader(metadata);
        ByteBuffer head = ByteBuffer.allocate(MAGIC.length + 8).order(ByteOrder.LITTLE_ENDIAN);
        head.put(MAGIC).putInt(VERSION).putInt(body.remaining()).flip();
        CRC32C crc = new CRC32C();
        crc.update(head.duplicate().position(MAGIC.length));
        crc.update(body.duplicate());
        ByteBuffer tail = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        tail.putInt((int) crc.getValue()).flip();
        write(0, head, body, tail);
        if (options.sync()) {
          f.getFD().sync();
        }
        this.metadata = metadata;
        headerEnd = f.length();
        goodBytes = headerEnd;
        blocks = 0;
        storedSteps = 0;
        resetState();
        recovery = new Recovery(0, goodBytes, 0, "new chain");
      } catch (IOException e) {
        throw ioFailure("write", e);
      }
    }
  }

  private void resetState() {
    ChainMetadata m = java.util.Objects.requireNonNull(metadata);
    accepted = new long[m.nwalkers()];
    proposals = 0;
    randomState = new long[0];
    bufferedSteps = 0;
    int capacity = payloadLength(m, Math.min(options.flushEverySteps(), 1 << 16));
    buffer =
        ByteBuffer.allocate(Math.max(capacity, payloadLength(m, 1))).order(ByteOrder.LITTLE_ENDIAN);
    cachedBlock = -1;
    cachedPayload = null;
    columns.clear();
  }

  private void write(long position, ByteBuffer... parts) throws IOException {
    RandomAccessFile f = file();
    f.seek(position);
    for (ByteBuffer p : parts) {
      f.write(p.array(), p.arrayOffset() + p.position(), p.remaining());
      p.position(p.limit());
    }
  }

  @Override
  public boolean isInitialized() {
    return metadata != null;
  }

  @Override
  public ChainMetadata getMetadata() {
    ChainMetadata m = metadata;
    if (m == null) {
      throw new EmceeException(
          "EMCEE-I022", "the chain file " + path + " holds no chain yet: nothing was run");
    }
    return m;
  }

  @Override
  public int getIteration() {
    return storedSteps + bufferedSteps;
  }

  @Override
  public void saveStep(
      double[] coords,
      double[] logProbability,
      double[] blobs,
      long[] accepted,
      long proposals,
      long[] randomState) {
    if (readOnly) {
      throw new EmceeException("EMCEE-F005", path + " was opened read-only");
    }
    synchronized (lock) {
      ChainMetadata m = getMetadata();
      int n = m.nwalkers();
      if (buffer.remaining() < stepBytes(m) + 8 * (n + 1 + RandomStream.STATE_LENGTH)) {
        flushLocked();
        if (buffer.remaining() < stepBytes(m) + 8 * (n + 1 + RandomStream.STATE_LENGTH)) {
          buffer = ByteBuffer.allocate(payloadLength(m, 1)).order(ByteOrder.LITTLE_ENDIAN);
        }
      }
      if (bufferedSteps == 0) {
        oldestBuffered = System.nanoTime();
      }
      buffer.asDoubleBuffer().put(coords, 0, n * m.ndim());
      buffer.position(buffer.position() + 8 * n * m.ndim());
      buffer.asDoubleBuffer().put(logProbability, 0, n);
      buffer.position(buffer.position() + 8 * n);
      if (m.blobCount() > 0) {
        buffer.asDoubleBuffer().put(blobs, 0, n * m.blobCount());
        buffer.position(buffer.position() + 8 * n * m.blobCount());
      }
      System.arraycopy(accepted, 0, this.accepted, 0, n);
      this.proposals = proposals;
      if (this.randomState.length != randomState.length) {
        this.randomState = new long[randomState.length];
      }
      System.arraycopy(randomState, 0, this.randomState, 0, randomState.length);
      bufferedSteps++;
      if (bufferedSteps >= options.flushEverySteps()
          || System.nanoTime() - oldestBuffered >= options.flushInterval().toNanos()) {
        flushLocked();
      }
    }
  }

  @Override
  public void flush() {
    synchronized (lock) {
      flushLocked();
    }
  }

  private void flushQuietly() {
    try {
      flush();
    } catch (RuntimeException e) {
      // At shutdown there is nobody to tell; the file still opens to its last good block.
    }
  }

  /** Writes the buffered steps as one checksummed block after the last good byte. */
  private void flushLocked() {
    if (bufferedSteps == 0 || closed) {
      return;
    }
    ChainMetadata m = getMetadata();
    ByteBuffer tail =
        ByteBuffer.allocate(8 * (m.nwalkers() + 1 + RandomStream.STATE_LENGTH) + 4)
            .order(ByteOrder.LITTLE_ENDIAN);
    for (long a : accepted) {
      tail.putLong(a);
    }
    tail.putLong(proposals);
    long[] state =
        randomState.length == RandomStream.STATE_LENGTH
            ? randomState
            : new long[RandomStream.STATE_LENGTH];
    for (long v : state) {
      tail.putLong(v);
    }
    ByteBuffer steps = buffer.duplicate().flip();
    int length = steps.remaining() + tail.position();
    ByteBuffer head = ByteBuffer.allocate(BLOCK_HEADER).order(ByteOrder.LITTLE_ENDIAN);
    head.putInt(BLOCK_MAGIC).putLong(storedSteps).putInt(bufferedSteps).putInt(length).flip();
    CRC32C crc = new CRC32C();
    crc.update(head.duplicate());
    crc.update(steps.duplicate());
    crc.update(tail.duplicate().flip());
    tail.putInt((int) crc.getValue()).flip();
    try {
      write(goodBytes, head, steps, tail);
      if (options.sync()) {
        file().getFD().sync();
      }
    } catch (IOException e) {
      throw ioFailure("write", e);
    }
    addBlock(goodBytes, storedSteps, bufferedSteps);
    goodBytes += BLOCK_HEADER + length + 4;
    storedSteps += bufferedSteps;
    bufferedSteps = 0;
    buffer.clear();
    columns.clear();
  }

  /** The bytes of step {@code step}: from the buffer, or from its block (cached). */
  private ByteBuffer stepBytes(int step) {
    ChainMetadata m = getMetadata();
    if (step < 0 || step >= getIteration()) {
      throw new EmceeException(
          "EMCEE-I024",
          "step " + step + " is not stored; steps 0 to " + (getIteration() - 1) + " are");
    }
    int size = stepBytes(m);
    if (step >= storedSteps) {
      return buffer
          .duplicate()
          .order(ByteOrder.LITTLE_ENDIAN)
          .position((step - storedSteps) * size)
          .limit((step - storedSteps + 1) * size)
          .slice()
          .order(ByteOrder.LITTLE_ENDIAN);
    }
    int b = blockOf(step);
    if (b != cachedBlock || cachedPayload == null) {
      try {
        cachedPayload = read(blockOffsets[b] + BLOCK_HEADER, (long) blockSteps[b] * size);
      } catch (IOException e) {
        throw ioFailure("read", e);
      }
      cachedBlock = b;
    }
    ByteBuffer p = java.util.Objects.requireNonNull(cachedPayload);
    int at = (step - blockFirst[b]) * size;
    return p.duplicate()
        .order(ByteOrder.LITTLE_ENDIAN)
        .position(at)
        .limit(at + size)
        .slice()
        .order(ByteOrder.LITTLE_ENDIAN);
  }

  private int blockOf(int step) {
    int lo = 0;
    int hi = blocks - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (blockFirst[mid] <= step) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  @Override
  public void readCoords(int step, double[] dest, int offset) {
    synchronized (lock) {
      ChainMetadata m = getMetadata();
      stepBytes(step).asDoubleBuffer().get(dest, offset, m.nwalkers() * m.ndim());
    }
  }

  @Override
  public void readLogProbability(int step, double[] dest, int offset) {
    synchronized (lock) {
      ChainMetadata m = getMetadata();
      ByteBuffer b = stepBytes(step);
      b.position(8 * m.nwalkers() * m.ndim());
      b.slice().order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(dest, offset, m.nwalkers());
    }
  }

  @Override
  public void readBlobs(int step, double[] dest, int offset) {
    synchronized (lock) {
      ChainMetadata m = getMetadata();
      if (m.blobCount() == 0) {
        stepBytes(step);
        return;
      }
      ByteBuffer b = stepBytes(step);
      b.position(8 * (m.nwalkers() * m.ndim() + m.nwalkers()));
      b.slice()
          .order(ByteOrder.LITTLE_ENDIAN)
          .asDoubleBuffer()
          .get(dest, offset, m.nwalkers() * m.blobCount());
    }
  }

  /**
   * Reads one coordinate of every walker over the selected steps in one pass over the file and
   * keeps the column for the other walkers' requests (at most two columns are kept).
   */
  @Override
  public void readCoordSeries(
      int walker, int dim, int first, int stride, int count, double[] dest) {
    double[] column;
    ChainMetadata m = getMetadata();
    long key = (((long) dim * 1_000_003L + first) * 1_000_003L + stride) * 1_000_003L + count;
    synchronized (lock) {
      column = columns.get(key);
      if (column == null) {
        column = new double[m.nwalkers() * count];
        double[] step = new double[m.nwalkers() * m.ndim()];
        for (int i = 0; i < count; i++) {
          readCoords(first + i * stride, step, 0);
          for (int w = 0; w < m.nwalkers(); w++) {
            column[w * count + i] = step[w * m.ndim() + dim];
          }
        }
        columns.put(key, column);
        while (columns.size() > 2) {
          columns.remove(columns.keySet().iterator().next());
        }
      }
    }
    System.arraycopy(column, walker * count, dest, 0, count);
  }

  @Override
  public long[] getAccepted() {
    synchronized (lock) {
      return accepted.clone();
    }
  }

  @Override
  public long getProposals() {
    synchronized (lock) {
      return proposals;
    }
  }

  @Override
  public long[] getRandomState() {
    synchronized (lock) {
      return randomState.clone();
    }
  }

  /** Writes buffered steps and closes the file; closing twice is harmless. */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      try {
        if (!readOnly) {
          flushLocked();
        }
      } finally {
        closed = true;
        closeQuietly();
        Thread hook = shutdownHook;
        if (hook != null) {
          try {
            Runtime.getRuntime().removeShutdownHook(hook);
          } catch (IllegalStateException e) {
            // already shutting down
          }
        }
      }
    }
  }

  private void closeQuietly() {
    RandomAccessFile f = file;
    file = null;
    if (f != null) {
      try {
        f.close();
      } catch (IOException e) {
        // nothing left to save
      }
    }
  }

  private EmceeException ioFailure(String what, IOException e) {
    return new EmceeException(
        "EMCEE-F004",
        "could not " + what + " the chain file " + path + ": " + e,
        new UncheckedIOException(e));
  }

  @Override
  public String toString() {
    return "FileBackend["
        + path
        + ", "
        + getIteration()
        + " steps"
        + (readOnly ? ", read-only" : "")
        + "]";
  }
}
