package io.emcee.pool.mpi;

import io.emcee.api.EvaluationException;
import io.emcee.api.PoolException;
import io.emcee.api.RowFunction;
import io.emcee.api.spi.support.Batches;
import java.nio.charset.StandardCharsets;
import mpi.Comm;
import mpi.MPI;
import mpi.MPIException;
import mpi.Status;
import org.jspecify.annotations.Nullable;

/**
 * What the ranks of an {@link MpiPool} say to each other: the tags and commands, a rank's rows
 * evaluated into results and a status ({@link #evaluate}), and on the master what a rank's status
 * means ({@link Failures}). A status is {@link #STATUS_OK}, a failing batch row, or {@link
 * #STATUS_OTHER_FAILURE}; any but OK is followed by a text message with the failure's description.
 */
final class MpiWire {
  static final int ROOT = 0;

  static final int TAG_FAILURE = 7001;
  static final int TAG_CHUNK = 7002;
  static final int TAG_RESULT = 7003;

  static final int CMD_MAP = 1;
  static final int CMD_CLOSE = 2;
  static final int CMD_BALANCE = 3;

  static final int HEADER_LENGTH = 5; // command, count, inputWidth, outputWidth, fnBytes

  /** Status slot values after a rank's results: OK, or a failing batch row, or OTHER_FAILURE. */
  static final double STATUS_OK = -1;

  static final double STATUS_OTHER_FAILURE = -2;

  private MpiWire() {}

  static String location(int rank) {
    return "rank " + rank;
  }

  /**
   * What a rank's evaluation of its rows came to.
   *
   * @param status {@link #STATUS_OK}, the failing batch row, or {@link #STATUS_OTHER_FAILURE}
   * @param message the failure's description, null when OK
   */
  record Evaluated(double status, @Nullable String message) {}

  /**
   * On a worker: evaluates {@code rows} rows of {@code inputs} into {@code outputs} (both from
   * index 0), numbering them from batch row {@code first}; a function that did not arrive ({@code
   * otherFailure}, or none held) or any failure other than a row's is {@link
   * #STATUS_OTHER_FAILURE}. With {@code rowNanos}, each row is timed into it.
   */
  static Evaluated evaluate(
      @Nullable RowFunction f,
      @Nullable String otherFailure,
      double[] inputs,
      int inputWidth,
      double[] outputs,
      int outputWidth,
      int rows,
      int first,
      int rank,
      long @Nullable [] rowNanos) {
    if (otherFailure != null || f == null) {
      return new Evaluated(
          STATUS_OTHER_FAILURE,
          otherFailure != null ? otherFailure : "holds no function (protocol error)");
    }
    try {
      if (rowNanos != null) {
        Batches.evaluateTimed(
            f, inputs, inputWidth, outputs, outputWidth, 0, rows, first, location(rank), rowNanos);
      } else {
        Batches.evaluate(
            f, inputs, inputWidth, outputs, outputWidth, 0, rows, first, location(rank));
      }
      return new Evaluated(STATUS_OK, null);
    } catch (EvaluationException e) {
      return new Evaluated(e.getIndex(), e.getCauseDescription());
    } catch (RuntimeException | Error e) {
      return new Evaluated(STATUS_OTHER_FAILURE, EvaluationException.describe(e));
    }
  }

  /** On a worker, after its results: the failure's description, when there is one. */
  static void sendMessage(Comm comm, @Nullable String message) throws MPIException {
    if (message != null) {
      byte[] text = message.getBytes(StandardCharsets.UTF_8);
      comm.send(text, text.length, MPI.BYTE, ROOT, TAG_FAILURE);
    }
  }

  /**
   * On the master: what the ranks reported, the failing row with the lowest index and the first
   * rank that could not evaluate at all.
   */
  static final class Failures {
    private @Nullable EvaluationException failure;
    private @Nullable PoolException other;

    /** A failing row, kept when its index is the lowest so far. */
    void row(@Nullable EvaluationException e) {
      if (e != null && (failure == null || e.getIndex() < failure.getIndex())) {
        failure = e;
      }
    }

    /** Rank {@code r}'s status: unless OK, its message is received and the failure recorded. */
    void status(Comm comm, int r, double status) throws MPIException {
      if (status == STATUS_OK) {
        return;
      }
      String message = receiveMessage(comm, r);
      if (status == STATUS_OTHER_FAILURE) {
        if (other == null) {
          other = new PoolException("EMCEE-P073", "MPI rank " + r + " failed: " + message);
        }
      } else {
        row(new EvaluationException((int) status, location(r), message, null));
      }
    }

    /** Takes in what another collector found (one that ran on another thread). */
    void add(Failures more) {
      if (other == null) {
        other = more.other;
      }
      row(more.failure);
    }

    /** Whether a rank could not evaluate at all (it may not hold the function). */
    boolean rankFailed() {
      return other != null;
    }

    /** Throws a rank that could not evaluate, else the failing row with the lowest index. */
    void rethrow() {
      if (other != null) {
        throw other;
      }
      if (failure != null) {
        throw failure;
      }
    }

    private static String receiveMessage(Comm comm, int source) throws MPIException {
      Status status = comm.probe(source, TAG_FAILURE);
      int length = status.getCount(MPI.BYTE);
      byte[] message = new byte[length];
      comm.recv(message, length, MPI.BYTE, source, TAG_FAILURE);
      return new String(message, StandardCharsets.UTF_8);
    }
  }
}
