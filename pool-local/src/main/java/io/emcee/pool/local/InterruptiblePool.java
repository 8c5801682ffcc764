package io.emcee.pool.local;

import io.emcee.api.EvaluationException;
import io.emcee.api.Pool;
import io.emcee.api.PoolException;
import io.emcee.api.RowFunction;
import io.emcee.api.RunInterruptedException;
import io.emcee.api.Stability;
import io.emcee.api.spi.Batches;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A pool on a fixed set of daemon threads of this JVM. Each map splits the batch into one
 * contiguous chunk per thread, the calling thread evaluating the first; results land in input
 * order. An interrupt of the calling thread cancels the batch and surfaces as a {@link
 * RunInterruptedException}, so a sampler stops at the step boundary with every completed step kept.
 *
 * <pre>{@code try (Pool pool = new InterruptiblePool(4)) { ... } }</pre>
 */
@Stability(Stability.Level.STABLE)
public final class InterruptiblePool implements Pool {
  private static final AtomicInteger POOLS = new AtomicInteger();

  private final int threads;
  private final ExecutorService executor;
  private volatile boolean closed;

  /** A pool with one thread per available processor. */
  public InterruptiblePool() {
    this(Runtime.getRuntime().availableProcessors());
  }

  /**
   * A pool with {@code threads} threads, the calling thread counted among them.
   *
   * @param threads at least 1
   */
  public InterruptiblePool(int threads) {
    if (threads < 1) {
      throw new PoolException(
          "EMCEE-P020", "InterruptiblePool needs at least 1 thread, got " + threads);
    }
    this.threads = threads;
    int id = POOLS.incrementAndGet();
    AtomicInteger count = new AtomicInteger();
    ThreadFactory factory =
        r -> {
          Thread t = new Thread(r, "emcee-local-" + id + "-" + count.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    this.executor = Executors.newFixedThreadPool(Math.max(1, threads - 1), factory);
  }

  /**
   * The number of threads evaluating a batch, the caller's included.
   *
   * @return the thread count
   */
  public int getThreads() {
    return threads;
  }

  @Override
  public void map(
      RowFunction function,
      double[] inputs,
      int inputWidth,
      int count,
      double[] outputs,
      int outputWidth) {
    if (closed) {
      throw new PoolException("EMCEE-P005", "the local pool is closed; load a new pool");
    }
    Batches.check(inputs, inputWidth, count, outputs, outputWidth);
    int chunks = Math.min(threads, count);
    if (chunks <= 1) {
      Batches.evaluate(
          function, inputs, inputWidth, outputs, outputWidth, 0, count, 0, callerLocation());
      return;
    }
    List<Future<?>> futures = new ArrayList<>(chunks - 1);
    for (int c = 1; c < chunks; c++) {
      int from = (int) ((long) count * c / chunks);
      int to = (int) ((long) count * (c + 1) / chunks);
      futures.add(
          executor.submit(
              () ->
                  Batches.evaluate(
                      function,
                      inputs,
                      inputWidth,
                      outputs,
                      outputWidth,
                      from,
                      to,
                      0,
                      "thread " + Thread.currentThread().getName())));
    }
    EvaluationException first = null;
    try {
      Batches.evaluate(
          function,
          inputs,
          inputWidth,
          outputs,
          outputWidth,
          0,
          count / chunks,
          0,
          callerLocation());
    } catch (EvaluationException e) {
      first = e;
    }
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (InterruptedException e) {
        futures.forEach(x -> x.cancel(true));
        Thread.currentThread().interrupt();
        throw new RunInterruptedException("interrupted while waiting for the local pool");
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof EvaluationException ee) {
          if (first == null || ee.getIndex() < first.getIndex()) {
            first = ee;
          }
        } else {
          throw new PoolException("EMCEE-P021", "a local pool thread failed: " + cause, cause);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private static String callerLocation() {
    return "thread " + Thread.currentThread().getName();
  }

  @Override
  public String getName() {
    return LocalPoolProvider.NAME;
  }

  /** Stops the threads; closing twice is harmless. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    executor.shutdownNow();
    try {
      executor.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "InterruptiblePool[" + threads + " threads]";
  }
}
