package io.emcee.pool.local;

import io.emcee.api.EvaluationException;
import io.emcee.api.Pool;
import io.emcee.api.PoolException;
import io.emcee.api.RowFunction;
import io.emcee.api.RunInterruptedException;
import io.emcee.api.Stability;
import io.emcee.api.spi.support.Batches;
import io.emcee.api.spi.support.PoolErrors;
import io.emcee.api.spi.support.RowCosts;
import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A pool on daemon threads of this JVM, the calling thread among them. Each map hands chunks of the
 * batch (single rows when rows are costly, those predicted slowest first, else four chunks per
 * thread, taken from a shared counter, so uneven costs even out) to the threads without queues or
 * futures, and every result lands in place: input order, the same chain as the serial pool, and
 * nothing allocated per walker. A batch that would take the calling thread alone less than about 20
 * µs (a cheap log-probability) is evaluated on it directly: cheap models do not pay for parallelism
 * they do not need.
 *
 * <p>An interrupt of the calling thread, or Ctrl-C (SIGINT) while it samples, cancels the batch and
 * stops the pool's threads; the sampler then stops at the step boundary with every completed step
 * kept, and a later map starts the threads again, so the run can continue from {@code
 * sampler.getLastSample()}. A second Ctrl-C quits at once. Unclosed pools never keep the JVM alive
 * (daemon threads, stopped by a cleaner once the pool is unreachable); closing twice is harmless. A
 * program that a script starts in the background ({@code java ... &}) inherits SIGINT ignored, and
 * the JVM keeps it so: Ctrl-C cannot reach it, and {@link #toString()} says so. Start such a run
 * with {@code env --default-signal=INT java ...} to make it stoppable by {@code kill -INT}.
 *
 * <pre>
 * {@code try (Pool pool = new InterruptiblePool(4)) { sampler.run(new Ensemble(lp, start, pool), 1000); } }
 * </pre>
 */
@Stability(Stability.Level.STABLE)
public final class InterruptiblePool implements Pool {
  private static final AtomicInteger POOLS = new AtomicInteger();
  private static final Cleaner CLEANER = Cleaner.create();

  private final int threads;
  private final Crew crew;
  private final boolean handlesCtrlC;
  private final Cleaner.Cleanable cleanable;
  private final Crew.Scratch callerScratch = new Crew.Scratch();
  private final Object lock = new Object();
  private volatile boolean closed;

  /** What rows cost in the last maps, for handing out the slow ones first. */
  private final RowCosts rowCosts = new RowCosts(RowCosts.MAPS);

  private int[] rowOrder = new int[0];

  /** The caller's measured cost per row; NaN until the first batch. */
  private double nanosPerRow = Double.NaN;

  private @Nullable Thread locationThread;
  private String location = "";

  /** Batches cheaper than this for the caller alone run on the caller: about 20 µs. */
  static final double PARALLEL_ABOVE_NANOS = 20_000;

  private final double parallelAboveNanos;

  /** Rows costing more than this (10 µs) are handed out one at a time. */
  static final double ONE_ROW_CHUNKS_ABOVE_NANOS = 10_000;

  /** A pool with one thread per available processor that handles Ctrl-C. */
  public InterruptiblePool() {
    this(Runtime.getRuntime().availableProcessors());
  }

  /**
   * A pool with {@code threads} threads (the calling thread counted among them) that handles
   * Ctrl-C.
   *
   * @param threads at least 1
   */
  public InterruptiblePool(int threads) {
    this(threads, true);
  }

  /**
   * A pool with {@code threads} threads.
   *
   * @param threads at least 1, the calling thread counted among them
   * @param handleCtrlC whether Ctrl-C interrupts the sampling thread (else it keeps its default
   *     meaning)
   */
  public InterruptiblePool(int threads, boolean handleCtrlC) {
    this(threads, handleCtrlC, PARALLEL_ABOVE_NANOS);
  }

  /** For tests: {@code parallelAboveNanos = 0} sends every batch of two or more to the threads. */
  InterruptiblePool(int threads, boolean handleCtrlC, double parallelAboveNanos) {
    this.parallelAboveNanos = parallelAboveNanos;
    if (threads < 1) {
      throw new PoolException(
          "EMCEE-P020", "InterruptiblePool needs at least 1 thread, got " + threads);
    }
    this.threads = threads;
    this.crew = new Crew("emcee-local-" + POOLS.incrementAndGet(), threads - 1);
    this.handlesCtrlC = handleCtrlC;
    if (handleCtrlC) {
      CtrlC.register(crew);
    }
    Crew c = crew;
    this.cleanable =
        CLEANER.register(
            this,
            () -> {
              c.stop(1_000);
              if (handleCtrlC) {
                CtrlC.unregister(c);
              }
            });
  }

  /**
   * The number of threads evaluating a batch, the caller's included.
   *
   * @return the thread count
   */
  public int getThreads() {
    return threads;
  }

  /**
   * How many of the pool's own threads are running now (0 before the first map and after an
   * interrupt or {@link #close()}).
   *
   * @return the number of live worker threads
   */
  public int getLiveThreads() {
    return crew.liveWorkers();
  }

  @Override
  public void map(
      RowFunction function,
      double[] inputs,
      int inputWidth,
      int count,
      double[] outputs,
      int outputWidth) {
    Batches.check(inputs, inputWidth, count, outputs, outputWidth);
    synchronized (lock) {
      if (closed) {
        throw PoolErrors.closed(LocalPoolProvider.NAME);
      }
      if (count == 0) {
        return;
      }
      String caller = callerLocation();
      // A batch that costs the caller less than PARALLEL_ABOVE_NANOS alone is not worth the
      // hand-off: evaluate it here (the results are the same either way) and keep timing rows.
      // Before the first measurement (NaN) a batch is assumed to be worth the threads.
      if (threads == 1 || count == 1 || nanosPerRow * count < parallelAboveNanos) {
        callerScratch.fit(inputWidth, outputWidth);
        long t0 = System.nanoTime();
        Batches.evaluate(
            function,
            inputs,
            inputWidth,
            outputs,
            outputWidth,
            0,
            count,
            0,
            caller,
            callerScratch.row,
            callerScratch.result);
        nanosPerRow = (double) (System.nanoTime() - t0) / count;
        return;
      }
      crew.ensureStarted();
      long started = System.nanoTime();
      // Costly rows go one at a time, so that the threads finish together whatever each row
      // costs; cheap rows go four chunks a thread, so that taking a chunk stays negligible.
      int chunks = nanosPerRow >= ONE_ROW_CHUNKS_ABOVE_NANOS ? count : Math.min(count, threads * 4);
      // One row at a time, the rows predicted slowest (from the costs of the nearest points timed
      // in the last four steps) go first, so that no thread starts a long row when the others are
      // nearly done.
      int[] order = null;
      if (chunks == count) {
        if (rowOrder.length < count) {
          rowOrder = new int[count];
        }
        if (rowCosts.pays(nanosPerRow, inputWidth)
            && rowCosts.order(inputs, inputWidth, count, rowOrder)) {
          order = rowOrder;
        }
      } else {
        rowCosts.clear();
      }
      EvaluationException failure;
      try {
        failure =
            crew.run(
                function,
                inputs,
                inputWidth,
                count,
                outputs,
                outputWidth,
                chunks,
                order,
                callerScratch,
                caller);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RunInterruptedException(
            "interrupted while the local pool evaluated a batch; its "
                + (threads - 1)
                + " threads are stopped and restart on the next map");
      }
      if (chunks == count) {
        rowCosts.record(inputs, inputWidth, crew.rowNanos(), count);
      }
      nanosPerRow = crew.callerNanosPerRow;
      if (Double.isNaN(nanosPerRow)) {
        // The threads took every chunk before the caller got one: judge by the whole batch, an
        // upper bound of what a row costs, so that a cheap model still comes back to the caller.
        nanosPerRow = (double) (System.nanoTime() - started) * threads / count;
      }
      if (failure != null) {
        throw failure;
      }
    }
  }

  private String callerLocation() {
    Thread t = Thread.currentThread();
    if (t != locationThread) {
      locationThread = t;
      location = "thread " + t.getName();
    }
    return location;
  }

  @Override
  public String getName() {
    return LocalPoolProvider.NAME;
  }

  /** Stops the threads and restores Ctrl-C's previous meaning; closing twice is harmless. */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
    }
    cleanable.clean();
  }

  @Override
  public String toString() {
    return "InterruptiblePool["
        + threads
        + " threads"
        + (!handlesCtrlC
            ? ""
            : CtrlC.isActive() ? ", Ctrl-C stops sampling" : ", Ctrl-C ignored by this process")
        + (closed ? ", closed" : "")
        + "]";
  }
}
