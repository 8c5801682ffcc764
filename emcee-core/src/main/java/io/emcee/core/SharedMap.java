package io.emcee.core;

import io.emcee.api.EvaluationException;
import io.emcee.api.Pool;
import io.emcee.api.RowFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Evaluates the proposals of several ensembles in one map of the real pool. Each ensemble's step
 * runs on a thread of its own (its move blocks in {@link #viewOf(int)}'s {@code map} until its rows
 * are evaluated); the thread that calls {@link #round} gathers the requests of every ensemble still
 * in its step, in ensemble order, into one batch, maps it on the real pool and hands each ensemble
 * its rows back. So the pool is called from one thread only and sees one map per half-step for all
 * ensembles, however many maps each move makes: an ensemble whose step needs fewer maps simply
 * stops asking. Randomness never crosses ensembles, so each ensemble's chain is the one it would be
 * alone.
 */
final class SharedMap implements AutoCloseable {
  private final Pool pool;
  private final int count;
  private final ExecutorService threads;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Request[] requests;

  private int running;
  private int waiting;
  private double[] points = new double[0];
  private double[] results = new double[0];

  /** One ensemble's pending map. */
  private static final class Request {
    @Nullable RowFunction function;
    double[] inputs = new double[0];
    double[] outputs = new double[0];
    int inputWidth;
    int rows;
    int outputWidth;
    boolean pending;
    @Nullable RuntimeException failure;
  }

  /** What an ensemble gets when another ensemble's rows failed in the shared map. */
  static final class Aborted extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Aborted() {
      super("another ensemble's evaluation failed in the same map", null, false, false);
    }
  }

  SharedMap(Pool pool, int count) {
    this.pool = pool;
    this.count = count;
    this.requests = new Request[count];
    for (int k = 0; k < count; k++) {
      requests[k] = new Request();
    }
    AtomicInteger next = new AtomicInteger();
    this.threads =
        Executors.newFixedThreadPool(
            count,
            r -> {
              Thread t = new Thread(r, "emcee-ensemble-" + next.getAndIncrement());
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * The pool ensemble {@code k}'s model maps on: its map waits for the shared batch.
   *
   * @param k the ensemble
   * @return a view of the real pool
   */
  Pool viewOf(int k) {
    return new Pool() {
      @Override
      public void map(
          RowFunction function,
          double[] inputs,
          int inputWidth,
          int rows,
          double[] outputs,
          int outputWidth) {
        submit(k, function, inputs, inputWidth, rows, outputs, outputWidth);
      }

      @Override
      public String getName() {
        return pool.getName();
      }

      @Override
      public void close() {
        // the real pool belongs to the caller
      }
    };
  }

  private void submit(
      int k,
      RowFunction function,
      double[] inputs,
      int inputWidth,
      int rows,
      double[] outputs,
      int outputWidth) {
    Request r = requests[k];
    RuntimeException failure;
    lock.lock();
    try {
      r.function = function;
      r.inputs = inputs;
      r.inputWidth = inputWidth;
      r.rows = rows;
      r.outputs = outputs;
      r.outputWidth = outputWidth;
      r.failure = null;
      r.pending = true;
      waiting++;
      changed.signalAll();
      while (r.pending) {
        changed.awaitUninterruptibly();
      }
      failure = r.failure;
      r.failure = null;
      r.inputs = r.outputs = new double[0];
      r.function = null;
    } finally {
      lock.unlock();
    }
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * Runs {@code tasks[k]} (null: ensemble {@code k} sits this round out) on ensemble {@code k}'s
   * thread, serving their maps on the calling thread until every task has finished.
   *
   * @param tasks one task per ensemble, or null
   * @return the failure of each task, null where it succeeded
   */
  @Nullable Throwable[] round(@Nullable Runnable[] tasks) {
    @Nullable Throwable[] failures = new Throwable[count];
    lock.lock();
    try {
      for (int k = 0; k < count; k++) {
        Runnable task = tasks[k];
        if (task == null) {
          continue;
        }
        int ensemble = k;
        running++;
        threads.execute(
            () -> {
              try {
                task.run();
              } catch (RuntimeException | Error e) {
                failures[ensemble] = e;
              } finally {
                lock.lock();
                try {
                  running--;
                  changed.signalAll();
                } finally {
                  lock.unlock();
                }
              }
            });
      }
      while (true) {
        while (waiting < running) {
          changed.awaitUninterruptibly();
        }
        if (running == 0) {
          return failures;
        }
        serve();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Maps every pending request in one call (the lock is held, and released for the map). */
  private void serve() {
    List<Request> batch = new ArrayList<>(count);
    int total = 0;
    for (Request r : requests) {
      if (r.pending) {
        batch.add(r);
        total += r.rows;
      }
    }
    Request first = batch.get(0);
    RowFunction function = first.function;
    int inputWidth = first.inputWidth;
    int outputWidth = first.outputWidth;
    if (points.length < total * inputWidth) {
      points = new double[total * inputWidth];
    }
    if (results.length < total * outputWidth) {
      results = new double[total * outputWidth];
    }
    int at = 0;
    for (Request r : batch) {
      System.arraycopy(r.inputs, 0, points, at * inputWidth, r.rows * inputWidth);
      at += r.rows;
    }
    RuntimeException failure = null;
    lock.unlock();
    try {
      if (total > 0) {
        pool.map(function, points, inputWidth, total, results, outputWidth);
      }
    } catch (RuntimeException e) {
      failure = e;
    } finally {
      lock.lock();
    }
    int from = 0;
    for (Request r : batch) {
      if (failure == null) {
        System.arraycopy(results, from * outputWidth, r.outputs, 0, r.rows * outputWidth);
      } else {
        r.failure = failureOf(failure, from, r.rows);
      }
      from += r.rows;
      r.pending = false;
      waiting--;
    }
    changed.signalAll();
  }

  /** The failure as the ensemble owning rows {@code [from, from + rows)} must see it. */
  private static RuntimeException failureOf(RuntimeException failure, int from, int rows) {
    if (failure instanceof EvaluationException e && e.getIndex() >= 0) {
      int index = e.getIndex();
      if (index < from || index >= from + rows) {
        return new Aborted();
      }
      EvaluationException local =
          new EvaluationException(
              index - from, e.getLocation(), e.getCauseDescription(), e.getCause());
      local.setStackTrace(e.getStackTrace());
      return local;
    }
    return failure;
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }
}
