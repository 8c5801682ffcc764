package io.emcee.api.spi.support;

import io.emcee.api.EvaluationException;
import io.emcee.api.RowFunction;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;

/**
 * The mechanics of {@link Scatter#balance}: the driver that keeps a worker's chunks of a {@link
 * ChunkPlan} sent to it, the caller's own chunks, and what they find collected across threads.
 */
final class Balance {
  private Balance() {}

  /** Chunks a driver keeps sent to its worker: the next one waits there while one is evaluated. */
  private static final int IN_FLIGHT = 2;

  static void evaluateHere(
      RowFunction function,
      double[] inputs,
      int inputWidth,
      double[] outputs,
      int outputWidth,
      long chunk,
      String here,
      @Nullable ChunkPlan plan,
      long @Nullable [] rowNanos,
      Outcome outcome) {
    int from = ChunkPlan.from(chunk);
    int to = ChunkPlan.to(chunk);
    try {
      if (plan != null) {
        plan.evaluate(function, inputs, inputWidth, outputs, outputWidth, from, to, here, rowNanos);
      } else {
        Batches.evaluate(function, inputs, inputWidth, outputs, outputWidth, from, to, 0, here);
      }
    } catch (EvaluationException e) {
      outcome.failed(e);
    }
  }

  static <W, F> void drive(
      W worker,
      ChunkPlan plan,
      Scatter.Send<W, F> send,
      Scatter.Collect<W, F> collect,
      Outcome outcome,
      CountDownLatch firstSent,
      CountDownLatch done,
      long @Nullable [] rowNanos) {
    long[] chunks = new long[IN_FLIGHT];
    long[] sentAt = new long[IN_FLIGHT];
    List<F> answers = new ArrayList<>(Collections.nCopies(IN_FLIGHT, null));
    int head = 0;
    int inFlight = 0;
    boolean first = true;
    try {
      long lastAnswer = System.nanoTime();
      while (true) {
        while (inFlight < IN_FLIGHT) {
          if (!first) {
            // every worker its first chunk before any its second: the first chunks hold the
            // rows predicted slowest, one for each worker
            awaitFirstChunks(firstSent);
          }
          long c = plan.next();
          if (first) {
            first = false;
            firstSent.countDown();
          }
          if (c < 0) {
            break;
          }
          int slot = (head + inFlight) % IN_FLIGHT;
          chunks[slot] = c;
          sentAt[slot] = System.nanoTime();
          answers.set(slot, send.send(worker, ChunkPlan.from(c), ChunkPlan.to(c)));
          inFlight++;
        }
        if (inFlight == 0) {
          return;
        }
        long c = chunks[head];
        boolean answered;
        try {
          answered = collect.collect(answers.get(head), worker, ChunkPlan.from(c), ChunkPlan.to(c));
        } catch (EvaluationException e) {
          outcome.failed(e);
          answered = true;
        }
        answers.set(head, null);
        if (!answered) {
          for (int k = 0; k < inFlight; k++) {
            outcome.orphan(chunks[(head + k) % IN_FLIGHT]); // the caller evaluates these
          }
          return;
        }
        long now = System.nanoTime();
        if (sentAt[head] >= lastAnswer) {
          // sent to an idle worker: the whole round trip shows (a queued chunk's would not)
          plan.remoteRows(now - sentAt[head], ChunkPlan.from(c), ChunkPlan.to(c), rowNanos);
        }
        lastAnswer = now;
        head = (head + 1) % IN_FLIGHT;
        inFlight--;
      }
    } catch (RuntimeException | Error e) {
      outcome.broken(e);
      plan.stop();
    } finally {
      if (first) {
        firstSent.countDown();
      }
      done.countDown();
    }
  }

  /** Waits until every driver took its first chunk; an interrupt ends the wait at once. */
  private static void awaitFirstChunks(CountDownLatch firstSent) {
    try {
      firstSent.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** What the drivers and the caller found, collected across threads. */
  static final class Outcome {
    private final List<Long> orphans = new ArrayList<>();
    private @Nullable EvaluationException first;
    private @Nullable Throwable broken;

    synchronized void failed(EvaluationException e) {
      if (first == null || e.getIndex() < first.getIndex()) {
        first = e;
      }
    }

    synchronized void orphan(long chunk) {
      orphans.add(chunk);
    }

    synchronized List<Long> orphans() {
      return new ArrayList<>(orphans);
    }

    synchronized void broken(Throwable e) {
      if (broken == null) {
        broken = e;
      }
    }

    synchronized void rethrow() {
      Throwable b = broken;
      if (b instanceof RuntimeException r) {
        throw r;
      }
      if (b instanceof Error err) {
        throw err;
      }
      if (first != null) {
        throw first;
      }
    }
  }
}
