package io.emcee.core.storage;

import io.emcee.api.EmceeException;
import io.emcee.api.Stability;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A chain in a file that survives crashes: append-only blocks of steps, each checksummed (CRC32C)
 * and carrying the acceptance counts and random state at its end, so that a file cut at any byte
 * opens as "every step up to the last good block" and a run resumes from there to exactly the chain
 * an uninterrupted run would have given. Steps are buffered and written every {@link
 * Options#flushEverySteps} steps or once the oldest is {@link Options#flushInterval} old (also when
 * no further step comes: a timer checks, so a reader following the file sees every step within
 * about that interval), on {@link #close()}, and on JVM shutdown. Old steps are read back from the
 * file on demand, so the heap stays bounded however long the run. Another process can read the file
 * while a run writes it ({@link #openReadOnly}, {@link #refresh()}).
 *
 * <pre>
 * {@code try (FileBackend chain = FileBackend.open(Path.of("run.chain"))) { Sampler s = Sampler.builder().backend(chain).build(); ... } }
 * </pre>
 *
 * <p><b>One writer.</b> A backend opened for writing holds the file's lock (the operating system's,
 * which dies with the process, so a killed run never blocks the next); a second writer, in this JVM
 * or another process, gets {@code EMCEE-F008}. Readers are not affected.
 *
 * <p><b>Opening never destroys.</b> A crash can leave the start of an unfinished block after the
 * last good one; that is expected, costs only the steps not yet written, and the next write
 * replaces it. Anything else after the last good block (a checksum mismatch, a broken header,
 * appended bytes) is damage: {@link #open} refuses such a file with {@code EMCEE-F007}, saying how
 * many steps are intact, where the damage starts and what lies past it, and changes nothing. {@link
 * #recover(Path)} (or {@link Options#withRecoverDamaged}) then cuts the file after its last good
 * block and keeps every byte it cuts in {@code <file>.damaged-<UTC time>} beside it; {@link
 * #openReadOnly} reads the intact steps without changing the file.
 *
 * <p><b>Blocks after a damaged one.</b> Their checksums may match, and each holds, at its end, the
 * acceptance counts and the random state as of its last step: everything needed to continue from
 * there. But a chain is a sequence without gaps, and the sampler resumes from the last step of that
 * sequence, so recovery keeps the intact blocks before the damage in the chain and the later ones,
 * byte for byte, in the {@code .damaged-} copy. Nothing is lost by this: a run resumed from the
 * kept steps draws the same random numbers from the stored random state and so recomputes the
 * damaged block and every later one exactly (same coordinates, log-probabilities, acceptance
 * counts), given the same model, moves and seed; the copy can be used to check that it did.
 *
 * <p>The format itself is described (and encoded and decoded) in one place, the package's chain
 * format codec; this class orchestrates it with the block index and read cache, the write buffer
 * and its flush policy and timer, the lock, recovery, follower reads, the shutdown hook and the
 * temporary file.
 */
@Stability(Stability.Level.EXPERIMENTAL)
public final class FileBackend implements ChainBackend {

  /**
   * How often buffered steps are written, and what to do with a damaged file.
   *
   * @param flushEverySteps write after this many buffered steps (at least 1)
   * @param flushInterval write when the oldest buffered step is this old
   * @param sync also force each write to the disk ({@code fsync}), which survives a machine crash
   *     and not only a killed process, at the price of a disk round trip per write
   * @param recoverDamaged when opening a damaged file for writing, recover it as {@link
   *     FileBackend#recover} does instead of refusing it
   */
  public record Options(
      int flushEverySteps, Duration flushInterval, boolean sync, boolean recoverDamaged) {
    /** Every 1000 steps or 5 seconds, without fsync, refusing damaged files. */
    public static final Options DEFAULT = new Options(1000, Duration.ofSeconds(5), false, false);

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
     * Options that refuse damaged files.
     *
     * @param flushEverySteps write after this many buffered steps
     * @param flushInterval write when the oldest buffered step is this old
     * @param sync whether to force writes to the disk
     */
    public Options(int flushEverySteps, Duration flushInterval, boolean sync) {
      this(flushEverySteps, flushInterval, sync, false);
    }

    /**
     * A copy that writes after {@code steps} buffered steps.
     *
     * @param steps at least 1
     * @return the changed options
     */
    public Options withFlushEverySteps(int steps) {
      return new Options(steps, flushInterval, sync, recoverDamaged);
    }

    /**
     * A copy that writes when the oldest buffered step is {@code interval} old.
     *
     * @param interval the longest time a step waits in memory
     * @return the changed options
     */
    public Options withFlushInterval(Duration interval) {
      return new Options(flushEverySteps, interval, sync, recoverDamaged);
    }

    /**
     * A copy that does or does not {@code fsync} every write.
     *
     * @param sync whether to force writes to the disk
     * @return the changed options
     */
    public Options withSync(boolean sync) {
      return new Options(flushEverySteps, flushInterval, sync, recoverDamaged);
    }

    /**
     * A copy that recovers a damaged file on opening (keeping the cut bytes in a {@code .damaged-}
     * file beside it) instead of refusing it: for unattended jobs that must go on.
     *
     * @param recover whether to recover damaged files
     * @return the changed options
     */
    public Options withRecoverDamaged(boolean recover) {
      return new Options(flushEverySteps, flushInterval, sync, recover);
    }
  }

  /**
   * What opening (or recovering) the file found.
   *
   * @param steps the steps recovered
   * @param goodBytes the length of the valid part of the file
   * @param discardedBytes bytes after it that did not form a complete, valid block (left in the
   *     file by a read-only open, moved to {@code savedTo} by a recovery)
   * @param reason why scanning stopped there, or {@code "end of file"}
   * @param savedTo where a recovery put the bytes it cut, or null
   */
  public record Recovery(
      int steps, long goodBytes, long discardedBytes, String reason, @Nullable Path savedTo) {
    /**
     * A report of an open that cut nothing.
     *
     * @param steps the steps recovered
     * @param goodBytes the length of the valid part of the file
     * @param discardedBytes bytes after it that were not used
     * @param reason why scanning stopped there
     */
    public Recovery(int steps, long goodBytes, long discardedBytes, String reason) {
      this(steps, goodBytes, discardedBytes, reason, null);
    }
  }

  private final Path path;
  private final Options options;
  private final boolean readOnly;
  private final boolean temporary;
  private final ChainFile file;
  private @Nullable WriteBuffer buffer;

  /** Coordinate series read for autocorrelation times, for the other walkers' requests. */
  private final ColumnCache columns = new ColumnCache();

  private final Object lock = new Object();
  private final @Nullable ShutdownHook shutdownHook;
  private final @Nullable FlushTimer flushTimer;
  private volatile boolean closed;

  private FileBackend(Path path, Options options, boolean readOnly) {
    this(path, options, readOnly, false);
  }

  private FileBackend(Path path, Options options, boolean readOnly, boolean temporary) {
    this.path = path;
    this.options = options;
    this.readOnly = readOnly;
    this.temporary = temporary;
    this.file = new ChainFile(path, readOnly);
    try {
      took(file.scan());
      if (!readOnly && file.damaged()) {
        if (!options.recoverDamaged()) {
          throw file.refusal();
        }
        file.recover();
      }
    } catch (RuntimeException e) {
      file.close();
      throw e;
    }
    this.shutdownHook = readOnly ? null : ShutdownHook.register(this, temporary, path);
    this.flushTimer = readOnly ? null : new FlushTimer(options.flushInterval(), this::flushIfDue);
  }

  /** The flush timer's check: writes the buffered steps when the oldest has waited long enough. */
  private void flushIfDue() {
    synchronized (lock) {
      WriteBuffer b = buffer;
      if (closed || b == null || b.count() == 0 || !b.due()) {
        return;
      }
      try {
        flushLocked();
      } catch (RuntimeException e) {
        // The next save or close() writes them again and reports the failure to the caller.
      }
    }
  }

  // ---------------------------------------------------------------- opening

  /**
   * Opens {@code path} for a run: a new file, or an existing chain to continue from its last good
   * block, with the default options. Holds the file's lock until {@link #close()}.
   *
   * @param path the chain file
   * @return the backend
   * @throws EmceeException F001..F004 when the file is not a chain file, its header is damaged, or
   *     it cannot be opened; F007 when blocks are damaged (nothing is changed: see {@link
   *     #recover}); F008 when another writer holds the file
   */
  public static FileBackend open(Path path) {
    return open(path, Options.DEFAULT);
  }

  /**
   * Opens {@code path} for a run with the given options.
   *
   * @param path the chain file
   * @param options when to write buffered steps, and whether to recover a damaged file
   * @return the backend
   * @throws EmceeException as {@link #open(Path)}
   */
  public static FileBackend open(Path path, Options options) {
    return new FileBackend(path, options, false);
  }

  /**
   * A chain in a new temporary file (emcee's {@code TempHDFBackend}), deleted when the backend is
   * closed or, failing that, when the JVM exits: a chain that keeps the heap small (old steps are
   * read back from the file) and leaves nothing behind. The file is in the system's temporary
   * folder ({@code java.io.tmpdir}), named {@code emcee-*.chain}; {@link #getPath()} says where,
   * and other processes can read it meanwhile.
   *
   * <pre>{@code try (FileBackend chain = FileBackend.openTemporary()) { ... } // file gone}</pre>
   *
   * @return the backend, holding the file's lock until closed
   * @throws EmceeException (EMCEE-F004) when the file cannot be created
   */
  public static FileBackend openTemporary() {
    return openTemporary(Options.DEFAULT);
  }

  /**
   * Like {@link #openTemporary()} with the given options.
   *
   * @param options when to write buffered steps
   * @return the backend
   * @throws EmceeException (EMCEE-F004) when the file cannot be created
   */
  public static FileBackend openTemporary(Options options) {
    Path path = TemporaryChainFile.create();
    try {
      return new FileBackend(path, options, false, true);
    } catch (RuntimeException e) {
      TemporaryChainFile.deleteQuietly(path);
      throw e;
    }
  }

  /**
   * Whether this backend's file is deleted on close ({@link #openTemporary()}).
   *
   * @return true for a temporary chain
   */
  public boolean isTemporary() {
    return temporary;
  }

  /**
   * Opens an existing chain for reading only, for example while another process writes it; call
   * {@link #refresh()} to see steps written since. Reads the longest verified prefix of a damaged
   * file and never changes the file.
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
   * Cuts a damaged chain file after its last good block so that {@link #open} can continue it,
   * keeping every cut byte in {@code <file>.damaged-<UTC time>} beside it; a file with nothing
   * after its last good block is left as it is. Takes the file's lock while it works.
   *
   * @param path the chain file
   * @return what was kept, what was cut and where it went ({@link Recovery#savedTo()})
   * @throws EmceeException F001..F004 when there is no chain to recover (a damaged header cannot be
   *     recovered), F008 when a writer holds the file
   */
  public static Recovery recover(Path path) {
    if (!Files.isRegularFile(path)) {
      throw new EmceeException("EMCEE-F004", "no chain file at " + path);
    }
    try (FileBackend chain = open(path, Options.DEFAULT.withRecoverDamaged(true))) {
      synchronized (chain.lock) {
        if (chain.file.hasTail()) { // a torn last block: cut it too, as asked, keeping a copy
          chain.file.recover();
        }
        return chain.file.recovery();
      }
    }
  }

  /** Takes what a scan of the file found: the chain's shape and the bookkeeping of its end. */
  private void took(ChainScan.@Nullable Result scan) {
    ChainMetadata m = file.metadata();
    if (m == null || scan == null) {
      return;
    }
    WriteBuffer b = buffer;
    if (b == null) {
      b = new WriteBuffer(m, readOnly ? 1 : options.flushEverySteps(), options.flushInterval());
      buffer = b;
    }
    if (scan.lastEnd() != null) {
      b.restore(scan.lastEnd());
      columns.clear();
    }
  }

  /**
   * Follower mode: reads blocks written since the file was opened or last refreshed, for a
   * read-only backend following a running chain.
   *
   * @throws EmceeException F004 when the file became shorter than what was read (another process
   *     recovered or restarted it: open it again)
   */
  public void refresh() {
    synchronized (lock) {
      checkOpen();
      took(file.scan());
    }
  }

  /**
   * What opening the file found: the steps recovered and anything discarded after them.
   *
   * @return the recovery report
   */
  public Recovery getRecovery() {
    synchronized (lock) {
      return file.recovery();
    }
  }

  /**
   * The chain file.
   *
   * @return its path
   */
  public Path getPath() {
    return path;
  }

  private void checkOpen() {
    if (closed) {
      throw new EmceeException(
          "EMCEE-F005",
          "the chain file " + path + " is closed; open it again with FileBackend.open(path)");
    }
  }

  // ---------------------------------------------------------------- ChainBackend: writing

  @Override
  public void reset(ChainMetadata metadata) {
    checkWritable();
    synchronized (lock) {
      checkOpen();
      file.start(metadata, options.sync());
      columns.clear();
      buffer = new WriteBuffer(metadata, options.flushEverySteps(), options.flushInterval());
    }
  }

  private void checkWritable() {
    if (readOnly) {
      throw new EmceeException(
          "EMCEE-F005",
          path + " was opened read-only; open it with FileBackend.open(path) to write to it");
    }
  }

  @Override
  public void saveStep(
      double[] coords,
      double[] logProbability,
      double[] blobs,
      long[] accepted,
      long proposals,
      long[] randomState) {
    checkWritable();
    synchronized (lock) {
      checkOpen(); // a step saved after close() would be lost without a word
      getMetadata();
      WriteBuffer b = Objects.requireNonNull(buffer);
      int step = getIteration();
      Segments segments = file.segments();
      if (segments.opensAt(step) && b.count() > 0) {
        flushLocked(); // a block never spans two segments
      }
      ChainSegment segment = segments.saved(step);
      if (!b.hasRoom()) {
        flushLocked();
        b.ensureRoom();
      }
      if (b.count() == 0) {
        b.segment(segment.thinBy(), Segments.flags(segment, step));
      }
      b.add(coords, logProbability, blobs, accepted, proposals, randomState);
      if (b.due()) {
        flushLocked();
      }
    }
  }

  /**
   * Records how the next steps are made; they open a new segment when needed (see {@link
   * ChainBackend#startSegment}).
   *
   * @throws EmceeException (EMCEE-F020) when the file is of format 1, which records one {@code
   *     thinBy} for the whole chain, and the run's {@code thinBy} or {@code tune} differ from it
   */
  @Override
  public void startSegment(int thinBy, boolean tune, boolean follows) {
    checkWritable();
    synchronized (lock) {
      checkOpen();
      file.declareSegment(thinBy, tune, follows);
    }
  }

  @Override
  public List<ChainSegment> getSegments() {
    synchronized (lock) {
      return file.segments().list();
    }
  }

  @Override
  public void flush() {
    synchronized (lock) {
      flushLocked();
    }
  }

  /** Writes the buffered steps as one checksummed block after the last good byte. */
  private void flushLocked() {
    WriteBuffer b = buffer;
    if (b == null || b.count() == 0 || closed) {
      return;
    }
    file.append(b.encode(file.version(), file.index().storedSteps()), b.count(), options.sync());
    b.written();
    columns.clear();
  }

  // ---------------------------------------------------------------- ChainBackend: reading

  @Override
  public boolean isInitialized() {
    return file.metadata() != null;
  }

  @Override
  public ChainMetadata getMetadata() {
    ChainMetadata m = file.metadata();
    if (m == null) {
      throw new EmceeException(
          "EMCEE-I022",
          "the chain file " + path + " holds no chain yet: nothing was run; run the sampler first");
    }
    return m;
  }

  @Override
  public int getIteration() {
    WriteBuffer b = buffer;
    return file.index().storedSteps() + (b == null ? 0 : b.count());
  }

  /** The bytes of step {@code step}: from the write buffer, or from its block (cached). */
  private ByteBuffer stepBytes(int step) {
    getMetadata();
    if (step < 0 || step >= getIteration()) {
      throw new EmceeException(
          "EMCEE-I024",
          "step " + step + " is not stored; steps 0 to " + (getIteration() - 1) + " are");
    }
    int stored = file.index().storedSteps();
    if (step >= stored) {
      return Objects.requireNonNull(buffer).step(step - stored);
    }
    checkOpen();
    return file.step(step);
  }

  @Override
  public void readCoords(int step, double[] dest, int offset) {
    synchronized (lock) {
      ChainFormat.decodeCoords(stepBytes(step), getMetadata(), dest, offset);
    }
  }

  @Override
  public void readLogProbability(int step, double[] dest, int offset) {
    synchronized (lock) {
      ChainFormat.decodeLogProbability(stepBytes(step), getMetadata(), dest, offset);
    }
  }

  @Override
  public void readBlobs(int step, double[] dest, int offset) {
    synchronized (lock) {
      ChainFormat.decodeBlobs(stepBytes(step), getMetadata(), dest, offset);
    }
  }

  /**
   * Reads one coordinate of every walker over the selected steps in one pass over the file and
   * keeps the column for the other walkers' requests (at most two columns are kept).
   */
  @Override
  public void readCoordSeries(
      int walker, int dim, int first, int stride, int count, double[] dest) {
    ChainMetadata m = getMetadata();
    double[] column;
    synchronized (lock) {
      column = columns.column(m, dim, first, stride, count, this::readCoords);
    }
    System.arraycopy(column, walker * count, dest, 0, count);
  }

  @Override
  public long[] getAccepted() {
    synchronized (lock) {
      WriteBuffer b = buffer;
      return b == null ? new long[0] : b.accepted();
    }
  }

  @Override
  public long getProposals() {
    synchronized (lock) {
      WriteBuffer b = buffer;
      return b == null ? 0 : b.proposals();
    }
  }

  @Override
  public long[] getRandomState() {
    synchronized (lock) {
      WriteBuffer b = buffer;
      return b == null ? new long[0] : b.randomState();
    }
  }

  // ---------------------------------------------------------------- closing and shutdown

  /**
   * Writes buffered steps, closes the file and lets go of its lock (a temporary chain's file is
   * deleted instead); closing twice is harmless.
   */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      try {
        if (!readOnly && !temporary) {
          flushLocked();
        }
      } finally {
        closed = true;
        FlushTimer timer = flushTimer;
        if (timer != null) {
          timer.cancel();
        }
        file.close();
        if (temporary) {
          TemporaryChainFile.deleteQuietly(path);
        }
        ShutdownHook hook = shutdownHook;
        if (hook != null) {
          hook.remove();
        }
      }
    }
  }

  @Override
  public String toString() {
    return "FileBackend["
        + path
        + ", "
        + getIteration()
        + " steps"
        + (readOnly ? ", read-only" : "")
        + (temporary ? ", temporary" : "")
        + "]";
  }
}
