package io.emcee.pool.mpi;

import static io.emcee.pool.mpi.MpiWire.ROOT;
import static io.emcee.pool.mpi.MpiWire.STATUS_OK;
import static io.emcee.pool.mpi.MpiWire.TAG_CHUNK;
import static io.emcee.pool.mpi.MpiWire.TAG_RESULT;

import io.emcee.api.EvaluationException;
import io.emcee.api.PoolException;
import io.emcee.api.RowFunction;
import io.emcee.api.spi.support.ChunkPlan;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import mpi.Comm;
import mpi.MPI;
import mpi.MPIException;
import mpi.Status;
import org.jspecify.annotations.Nullable;

/**
 * A map of an {@link MpiPool} balanced on demand, both sides. On the master ({@link #run}) a
 * dispatcher thread hands each rank a chunk of the plan, then the next one as each answers, while
 * the calling thread evaluates chunks of the same plan; results land at their rows' places, so the
 * outcome is the serial evaluation's. On a worker ({@link #serve}) each chunk is evaluated and
 * answered until the master sends an empty one.
 */
final class MpiBalance {
  /** A chunk's message starts with its first row, its row count and whether to time each row. */
  private static final int CHUNK_HEADER = 3;

  private final Comm comm;
  private final int size;
  private final ChunkPlan plan;
  private @Nullable ExecutorService dispatcher;

  MpiBalance(Comm comm, int size, ChunkPlan plan) {
    this.comm = comm;
    this.size = size;
    this.plan = plan;
  }

  /**
   * On the master, once the header went out: evaluates the batch across the ranks.
   *
   * @param rowNanos where each row's time goes, the ranks asked to time each row; or null
   * @return what the ranks and the master reported
   */
  MpiWire.Failures run(
      RowFunction f,
      double[] inputs,
      int inputWidth,
      int count,
      double[] outputs,
      int outputWidth,
      long @Nullable [] rowNanos)
      throws MPIException {
    Dispatch dispatch = new Dispatch(inputs, inputWidth, outputs, outputWidth, rowNanos);
    plan.start(count, size);
    Future<?> served =
        dispatcher()
            .submit(
                () -> {
                  dispatch.serve();
                  return null;
                });
    MpiWire.Failures failures = new MpiWire.Failures();
    for (long c = plan.next(); c >= 0; c = plan.next()) {
      int from = ChunkPlan.from(c);
      int to = ChunkPlan.to(c);
      try {
        plan.evaluate(
            f,
            inputs,
            inputWidth,
            outputs,
            outputWidth,
            from,
            to,
            MpiWire.location(ROOT),
            rowNanos);
      } catch (EvaluationException e) {
        failures.row(e);
      }
    }
    boolean interrupted = false;
    while (true) {
      try {
        served.get();
        break;
      } catch (InterruptedException e) {
        interrupted = true; // the ranks must finish this map, or the job hangs
      } catch (ExecutionException e) {
        if (e.getCause() instanceof MPIException m) {
          throw m;
        }
        throw new PoolException(
            "EMCEE-P073", "MPI dispatch failed on rank " + ROOT + ": " + e.getCause(), e);
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    failures.add(dispatch.failures);
    return failures;
  }

  /** On the master: the thread that talks MPI during a balanced map. */
  private synchronized ExecutorService dispatcher() {
    ExecutorService d = dispatcher;
    if (d == null) {
      d =
          Executors.newSingleThreadExecutor(
              r -> {
                Thread t = new Thread(r, "emcee-mpi-dispatch");
                t.setDaemon(true);
                return t;
              });
      dispatcher = d;
    }
    return d;
  }

  /** At close: stops the dispatcher thread, if one was started. */
  synchronized void shutdown() {
    ExecutorService d = dispatcher;
    if (d != null) {
      d.shutdownNow();
    }
  }

  /** On a worker: evaluates the chunks of a balanced map until the master sends an empty one. */
  static void serve(
      Comm comm,
      int rank,
      @Nullable RowFunction f,
      @Nullable String otherFailure,
      int inputWidth,
      int outputWidth)
      throws MPIException {
    double[] message = new double[0];
    while (true) {
      Status status = comm.probe(ROOT, TAG_CHUNK);
      int length = status.getCount(MPI.DOUBLE);
      if (message.length < length) {
        message = new double[length];
      }
      comm.recv(message, length, MPI.DOUBLE, ROOT, TAG_CHUNK);
      int from = (int) message[0];
      int rows = (int) message[1];
      if (rows == 0) {
        return;
      }
      long[] rowNanos = message[2] != 0 ? new long[rows] : null;
      int results = rows * outputWidth;
      double[] answer = new double[1 + results + (rowNanos != null ? rows : 0)];
      // the rows start at message[CHUNK_HEADER]: evaluate them from a copy that skips the header
      MpiWire.Evaluated done =
          MpiWire.evaluate(
              f,
              otherFailure,
              Arrays.copyOfRange(message, CHUNK_HEADER, CHUNK_HEADER + rows * inputWidth),
              inputWidth,
              answer,
              outputWidth,
              rows,
              from,
              rank,
              rowNanos);
      if (done.status() == STATUS_OK) {
        System.arraycopy(answer, 0, answer, 1, results);
        if (rowNanos != null) {
          for (int i = 0; i < rows; i++) {
            answer[1 + results + i] = rowNanos[i]; // exact below 2^53 ns (104 days)
          }
        }
      }
      answer[0] = done.status();
      comm.send(
          answer, done.status() == STATUS_OK ? answer.length : 1, MPI.DOUBLE, ROOT, TAG_RESULT);
      MpiWire.sendMessage(comm, done.message());
    }
  }

  /**
   * The master's side of a balanced map, run on the dispatcher thread (the only one in MPI). Each
   * rank has two chunks sent to it, so the next waits there while it evaluates one (a rank answers
   * its chunks in the order sent); each answer brings it another.
   */
  private final class Dispatch {
    private final double[] inputs;
    private final int inputWidth;
    private final double[] outputs;
    private final int outputWidth;
    private final long[][] inFlight = new long[size][2];
    private final int[] heads = new int[size];
    private final int[] counts = new int[size];
    private final long[] lastAnswer = new long[size];
    private final long[][] sentAt = new long[size][2];
    private final long @Nullable [] rowNanos;
    final MpiWire.Failures failures = new MpiWire.Failures();

    Dispatch(
        double[] inputs,
        int inputWidth,
        double[] outputs,
        int outputWidth,
        long @Nullable [] rowNanos) {
      this.inputs = inputs;
      this.inputWidth = inputWidth;
      this.outputs = outputs;
      this.outputWidth = outputWidth;
      this.rowNanos = rowNanos;
    }

    void serve() throws MPIException {
      long start = System.nanoTime();
      int busy = 0;
      // Every rank its first chunk before any its second: the first chunks hold the rows
      // predicted slowest, one for each rank.
      for (int r = 1; r < size; r++) {
        lastAnswer[r] = start - 1;
        sendNext(r);
      }
      for (int r = 1; r < size; r++) {
        sendNext(r);
        busy += counts[r] > 0 ? 1 : 0;
      }
      double[] answer = new double[0];
      while (busy > 0) {
        Status status = awaitResult();
        int r = status.getSource();
        int length = status.getCount(MPI.DOUBLE);
        if (answer.length < length) {
          answer = new double[length];
        }
        comm.recv(answer, length, MPI.DOUBLE, r, TAG_RESULT);
        long now = System.nanoTime();
        int head = heads[r];
        long chunk = inFlight[r][head];
        heads[r] = 1 - head;
        counts[r]--;
        int from = ChunkPlan.from(chunk);
        int to = ChunkPlan.to(chunk);
        double state = answer[0];
        if (state == STATUS_OK) {
          int results = (to - from) * outputWidth;
          System.arraycopy(answer, 1, outputs, from * outputWidth, results);
          if (rowNanos != null) {
            for (int i = from; i < to; i++) {
              rowNanos[i] = (long) answer[1 + results + i - from];
            }
          }
          if (sentAt[r][head] >= lastAnswer[r]) {
            // sent to an idle rank: the whole round trip shows (a queued chunk's would not)
            plan.remoteRows(now - sentAt[r][head], from, to, rowNanos);
          }
        } else {
          failures.status(comm, r, state);
        }
        lastAnswer[r] = now;
        sendNext(r);
        if (counts[r] < 0) {
          busy--; // told the map is over
        }
      }
    }

    /**
     * Waits for the next answer without taking a core from this rank's own evaluations: a blocking
     * probe polls at full speed, so this one looks, then parks from 10 µs up to 200 µs at a time
     * (each rank has its next chunk already, so the wait delays nobody).
     */
    private Status awaitResult() throws MPIException {
      long pause = 10_000L;
      for (int looks = 0; ; looks++) {
        Status status = comm.iProbe(MPI.ANY_SOURCE, TAG_RESULT);
        if (status != null) {
          return status;
        }
        if (looks < 64) {
          Thread.onSpinWait();
        } else {
          LockSupport.parkNanos(pause);
          pause = Math.min(2 * pause, 200_000L);
        }
      }
    }

    /**
     * Sends rank {@code r} its next chunk; with none left, the end of the map once it has nothing
     * in flight.
     */
    private void sendNext(int r) throws MPIException {
      long c = plan.next();
      if (c < 0) {
        if (counts[r] == 0) {
          comm.send(new double[CHUNK_HEADER], CHUNK_HEADER, MPI.DOUBLE, r, TAG_CHUNK);
          counts[r] = -1; // told
        }
        return;
      }
      int from = ChunkPlan.from(c);
      int to = ChunkPlan.to(c);
      int doubles = (to - from) * inputWidth;
      double[] message = new double[CHUNK_HEADER + doubles];
      message[0] = from;
      message[1] = to - from;
      message[2] = rowNanos != null ? 1 : 0;
      System.arraycopy(inputs, from * inputWidth, message, CHUNK_HEADER, doubles);
      int slot = (heads[r] + counts[r]) % 2;
      inFlight[r][slot] = c;
      sentAt[r][slot] = System.nanoTime();
      counts[r]++;
      comm.send(message, message.length, MPI.DOUBLE, r, TAG_CHUNK);
    }
  }
}
