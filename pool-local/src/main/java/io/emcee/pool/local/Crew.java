package io.emcee.pool.local;

import io.emcee.api.EvaluationException;
import io.emcee.api.RowFunction;
import io.emcee.api.spi.support.Batches;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * The threads of one {@link InterruptiblePool} and the batch they share. Holds no reference to the
 * pool, so that a pool nobody closes can still be cleaned up when it becomes unreachable.
 *
 * <p>Hand-off without queues or futures: the caller writes the batch into plain fields, then bumps
 * the volatile {@link #epoch}; workers spin briefly and then park waiting for it, take chunks from
 * an atomic counter until none is left, and count themselves out through {@link #pending}; the last
 * one unparks the caller. Every row is written in place, so results are in input order.
 */
final class Crew {
  /** About 20-50 µs of spinning before a waiting thread parks, when every thread has a core. */
  private static final int SPINS = 20_000;

  /**
   * How often a parked worker looks at the sampling thread. An interrupt that the sampler notices
   * between batches (at a step boundary) never reaches the pool, so idle workers leave by
   * themselves once they see the sampling thread interrupted, or ended.
   */
  private static final long IDLE_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  final String name;
  private final int workerCount;

  /**
   * How long a waiting thread spins before it parks: {@link #SPINS} when the workers and the caller
   * fit on the cores, else none. With more threads than cores (the right set-up for a model that
   * waits on I/O or a service) a spinning thread takes the core that a thread with work needs.
   */
  private final int spins;

  // The current batch: written by the caller before it bumps the epoch.
  private @Nullable RowFunction function;
  private double[] inputs = new double[0];

  /**
   * Where workers write results; the caller copies them out once all are in. A worker that an
   * interrupt could not stop in time keeps writing into an abandoned array, never into the
   * caller's.
   */
  private double[] staged = new double[0];

  private int inputWidth;
  private int outputWidth;
  private int count;
  private int chunks;

  /**
   * With one-row chunks: the order rows are handed out in (slowest predicted first), or null for
   * row order; and where each row's cost is written, for the next prediction.
   */
  private int @Nullable [] order;

  private long[] rowNanos = new long[0];

  private final AtomicInteger nextChunk = new AtomicInteger();
  private final AtomicInteger pending = new AtomicInteger();
  private volatile long epoch;
  private volatile boolean cancelled;
  private volatile boolean terminated = true;

  /** Set by Ctrl-C: workers leave as soon as they are idle; the next batch starts new ones. */
  private volatile boolean stopRequested;

  /**
   * Workers that have not left by themselves (guarded by this): a batch waits for these only. A
   * worker leaves only while no new batch is published, and a batch is published under the same
   * lock, so every worker either takes part in a batch or is not counted for it.
   */
  private int staying;

  private volatile @Nullable Thread master;
  private @Nullable EvaluationException failure;
  private Worker[] workers = new Worker[0];
  private int generation;

  /**
   * What each row of the last batch cost, when it went one row a chunk (valid for the batch's rows
   * once {@link #run} returned).
   */
  long[] rowNanos() {
    return rowNanos;
  }

  /** The caller's time per row in the last batch: what its own chunks cost. */
  double callerNanosPerRow = Double.NaN;

  Crew(String name, int workerCount) {
    this(name, workerCount, Runtime.getRuntime().availableProcessors());
  }

  Crew(String name, int workerCount, int cores) {
    this.name = name;
    this.workerCount = workerCount;
    this.spins = workerCount + 1 <= cores ? SPINS : 0;
  }

  /** The thread that last ran a batch: the one a Ctrl-C interrupts. */
  @Nullable Thread master() {
    return master;
  }

  /** How many worker threads are alive now. */
  int liveWorkers() {
    int n = 0;
    for (Worker w : workers) {
      if (w.thread.isAlive()) {
        n++;
      }
    }
    return n;
  }

  /** Asks the workers to leave when idle (from Ctrl-C, on another thread). */
  void requestStop() {
    stopRequested = true;
    for (Worker w : workers) {
      LockSupport.unpark(w.thread);
    }
  }

  /** Starts the workers if they are not running (first use, after an interrupt or Ctrl-C). */
  void ensureStarted() {
    if (stopRequested || (!terminated && stayingWorkers() < workerCount)) {
      stop(2_000);
      stopRequested = false;
    }
    if (!terminated) {
      return;
    }
    terminated = false;
    generation++;
    master = Thread.currentThread(); // the new workers watch this thread, not the last one
    synchronized (this) {
      staying = workerCount; // before any of them can leave
    }
    workers = new Worker[workerCount];
    for (int i = 0; i < workerCount; i++) {
      workers[i] = new Worker(this, name + "-" + generation + "-" + (i + 1), epoch);
      workers[i].thread.start();
    }
  }

  private synchronized int stayingWorkers() {
    return staying;
  }

  /** Lets a worker leave if no batch was published since {@code seen}; false means work came. */
  private synchronized boolean leaveIfIdle(long seen) {
    if (epoch != seen) {
      return false;
    }
    staying--;
    return true;
  }

  /** Whether the thread that samples was interrupted or has ended: idle workers then leave. */
  private boolean samplerGone() {
    Thread m = master;
    return m != null && (m.isInterrupted() || !m.isAlive());
  }

  /**
   * Evaluates a batch on the workers and the calling thread.
   *
   * @return the failure with the lowest batch index, or null
   * @throws InterruptedException when the calling thread was interrupted; the workers are then
   *     stopped and the interrupt flag is cleared (the caller restores it)
   */
  @Nullable EvaluationException run(
      RowFunction function,
      double[] inputs,
      int inputWidth,
      int count,
      double[] outputs,
      int outputWidth,
      int chunks,
      int @Nullable [] order,
      Scratch callerScratch,
      String callerLocation)
      throws InterruptedException {
    if (staged.length < count * outputWidth) {
      staged = new double[count * outputWidth];
    }
    if (chunks == count && rowNanos.length < count) {
      rowNanos = new long[count];
    }
    this.order = chunks == count ? order : null;
    this.function = function;
    this.inputs = inputs;
    this.inputWidth = inputWidth;
    this.count = count;
    this.outputWidth = outputWidth;
    this.chunks = chunks;
    this.failure = null;
    this.cancelled = false;
    this.master = Thread.currentThread();
    nextChunk.set(0);
    synchronized (this) {
      pending.set(staying);
      epoch = epoch + 1; // publishes the fields above to the workers
    }
    for (Worker w : workers) {
      if (w.parked) {
        LockSupport.unpark(w.thread);
      }
    }
    long t0 = System.nanoTime();
    int rows = work(callerScratch, callerLocation);
    if (rows > 0) {
      callerNanosPerRow = (double) (System.nanoTime() - t0) / rows;
    }
    if (Thread.interrupted()) {
      cancelled = true;
      stop(2_000);
      throw new InterruptedException();
    }
    int spun = 0;
    while (pending.get() != 0) {
      if (Thread.interrupted()) {
        cancelled = true;
        stop(2_000);
        throw new InterruptedException();
      }
      if (spun < spins) {
        spun++;
        Thread.onSpinWait();
      } else {
        LockSupport.parkNanos(this, TimeUnit.MICROSECONDS.toNanos(200));
      }
    }
    this.function = null;
    System.arraycopy(staged, 0, outputs, 0, count * outputWidth);
    synchronized (this) {
      return failure;
    }
  }

  /**
   * Takes chunks until none is left, evaluating each with the given scratch; returns the rows done.
   */
  int work(Scratch scratch, String location) {
    // One consistent view of the batch, read after the epoch that published it.
    RowFunction f = function;
    double[] in = inputs;
    double[] out = staged;
    int iw = inputWidth;
    int ow = outputWidth;
    int n = count;
    int k = chunks;
    int[] by = order;
    long[] costs = rowNanos;
    if (f == null) {
      return 0;
    }
    scratch.fit(iw, ow);
    int rows = 0;
    Thread self = Thread.currentThread();
    for (int c = nextChunk.getAndIncrement(); c < k; c = nextChunk.getAndIncrement()) {
      if (cancelled || self.isInterrupted()) {
        return rows; // an interrupted caller cancels the batch below; a stopped worker just leaves
      }
      if (k == n) {
        // One row a chunk: costly rows, timed for the next map's order.
        int row = by == null ? c : by[c];
        long t0 = System.nanoTime();
        try {
          Batches.evaluate(
              f, in, iw, out, ow, row, row + 1, 0, location, scratch.row, scratch.result);
        } catch (EvaluationException e) {
          record(e);
        }
        costs[row] = System.nanoTime() - t0;
        rows++;
        continue;
      }
      int from = (int) ((long) n * c / k);
      int to = (int) ((long) n * (c + 1) / k);
      try {
        Batches.evaluate(f, in, iw, out, ow, from, to, 0, location, scratch.row, scratch.result);
      } catch (EvaluationException e) {
        record(e);
      }
      rows += to - from;
    }
    return rows;
  }

  private synchronized void record(EvaluationException e) {
    EvaluationException f = failure;
    if (f == null || e.getIndex() < f.getIndex()) {
      failure = e;
    }
  }

  /**
   * Stops the workers: waits up to {@code timeoutMillis} for those still on a chunk (the caller set
   * {@link #cancelled}), then interrupts and joins them.
   */
  void stop(long timeoutMillis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (pending.get() != 0 && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
    }
    if (pending.get() != 0) {
      staged = new double[0]; // a late worker writes into the old array, not the next batch's
    }
    terminated = true;
    for (Worker w : workers) {
      LockSupport.unpark(w.thread);
      w.thread.interrupt();
    }
    for (Worker w : workers) {
      long left = deadline - System.nanoTime();
      try {
        w.thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Per-thread scratch arrays: the exact widths the function sees. */
  static final class Scratch {
    double[] row = new double[0];
    double[] result = new double[0];

    void fit(int inputWidth, int outputWidth) {
      if (row.length != inputWidth) {
        row = new double[inputWidth];
      }
      if (result.length != outputWidth) {
        result = new double[outputWidth];
      }
    }
  }

  /** A worker thread: waits for each new epoch, works, counts itself out. */
  private static final class Worker implements Runnable {
    private final Crew crew;
    private final String location;
    private final Scratch scratch = new Scratch();
    final Thread thread;
    volatile boolean parked;
    private long seen;

    Worker(Crew crew, String threadName, long epoch) {
      this.crew = crew;
      this.location = "thread " + threadName;
      this.seen = epoch;
      this.thread = new Thread(this, threadName);
      thread.setDaemon(true);
    }

    @Override
    public void run() {
      while (true) {
        long e;
        int spun = 0;
        while ((e = crew.epoch) == seen && !crew.terminated) {
          if (spun < crew.spins) {
            spun++;
            Thread.onSpinWait();
          } else if ((crew.stopRequested || crew.samplerGone()) && crew.leaveIfIdle(seen)) {
            return;
          } else {
            parked = true;
            if (crew.epoch == seen && !crew.terminated && !crew.stopRequested) {
              LockSupport.parkNanos(this, IDLE_CHECK_NANOS);
            }
            parked = false;
          }
        }
        if (crew.terminated) {
          return;
        }
        seen = e;
        try {
          crew.work(scratch, location);
        } finally {
          if (crew.pending.decrementAndGet() == 0) {
            Thread m = crew.master;
            if (m != null) {
              LockSupport.unpark(m);
            }
          }
        }
      }
    }
  }
}
