package io.emcee.api.spi.support;

import io.emcee.api.EvaluationException;
import io.emcee.api.Stability;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * What a member answers for a {@link Chunk}: its results, the first failing row, a request for the
 * function (the member no longer holds it), or why it could not evaluate at all; as one byte array
 * on the wire.
 *
 * <pre>
 * {@code ChunkResult r = ChunkResult.decode(answer); if (r.status() == ChunkResult.Status.OK) ...}
 * </pre>
 *
 * @param status what the answer is
 * @param outputs the results, row-major, when {@code OK}
 * @param failedIndex the failing row's index in the batch, when {@code FAILED}
 * @param location where it ran, when {@code FAILED}
 * @param message the failure's description, when {@code FAILED} or {@code ERROR}
 * @param rowNanos each row's time in nanoseconds, when {@code OK} and the chunk asked for them
 *     ({@link Chunk#timeRows()}); else empty
 */
@Stability(Stability.Level.EXPERIMENTAL)
public record ChunkResult(
    Status status,
    double[] outputs,
    int failedIndex,
    String location,
    String message,
    long[] rowNanos) {

  /** The kinds of answer. */
  public enum Status {
    /** Every row evaluated. */
    OK,
    /** A row failed: the one with the lowest index is named. */
    FAILED,
    /** The member does not hold the function of the chunk's key: send it again with it. */
    NEED_FUNCTION,
    /** The member could not evaluate at all (e.g. the function could not be deserialized). */
    ERROR
  }

  private static final double[] NONE = new double[0];
  private static final long[] UNTIMED = new long[0];

  /**
   * Every row evaluated.
   *
   * @param outputs the results
   * @return an OK answer
   */
  public static ChunkResult ok(double[] outputs) {
    return ok(outputs, UNTIMED);
  }

  /**
   * Every row evaluated, each timed.
   *
   * @param outputs the results
   * @param rowNanos each row's time in nanoseconds
   * @return an OK answer
   */
  public static ChunkResult ok(double[] outputs, long[] rowNanos) {
    return new ChunkResult(Status.OK, outputs, -1, "", "", rowNanos);
  }

  /**
   * A row failed.
   *
   * @param e the failure, as {@link Batches#evaluate} reported it
   * @return a FAILED answer
   */
  public static ChunkResult failed(EvaluationException e) {
    return new ChunkResult(
        Status.FAILED, NONE, e.getIndex(), e.getLocation(), e.getCauseDescription(), UNTIMED);
  }

  /**
   * The member lacks the function.
   *
   * @return a NEED_FUNCTION answer
   */
  public static ChunkResult needFunction() {
    return new ChunkResult(Status.NEED_FUNCTION, NONE, -1, "", "", UNTIMED);
  }

  /**
   * The member could not evaluate.
   *
   * @param message why
   * @return an ERROR answer
   */
  public static ChunkResult error(String message) {
    return new ChunkResult(Status.ERROR, NONE, -1, "", message, UNTIMED);
  }

  /**
   * As bytes for the wire.
   *
   * @return the encoded answer
   */
  public byte[] encode() {
    byte[] where = location.getBytes(StandardCharsets.UTF_8);
    byte[] what = message.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b =
        ByteBuffer.allocate(
            24 + where.length + what.length + 8 * outputs.length + 8 * rowNanos.length);
    b.putInt(status.ordinal()).putInt(failedIndex).putInt(where.length).put(where);
    b.putInt(what.length).put(what).putInt(outputs.length);
    b.asDoubleBuffer().put(outputs);
    b.position(b.position() + 8 * outputs.length);
    b.putInt(rowNanos.length);
    b.asLongBuffer().put(rowNanos);
    return b.array();
  }

  /**
   * Decodes what {@link #encode} wrote.
   *
   * @param wire the bytes
   * @return the answer
   */
  public static ChunkResult decode(byte[] wire) {
    ByteBuffer b = ByteBuffer.wrap(wire);
    Status status = Status.values()[b.getInt()];
    int failedIndex = b.getInt();
    byte[] where = new byte[b.getInt()];
    b.get(where);
    byte[] what = new byte[b.getInt()];
    b.get(what);
    double[] outputs = new double[b.getInt()];
    b.asDoubleBuffer().get(outputs);
    b.position(b.position() + 8 * outputs.length);
    long[] rowNanos = b.remaining() >= 4 ? new long[b.getInt()] : UNTIMED;
    b.asLongBuffer().get(rowNanos);
    return new ChunkResult(
        status,
        outputs,
        failedIndex,
        new String(where, StandardCharsets.UTF_8),
        new String(what, StandardCharsets.UTF_8),
        rowNanos);
  }

  /**
   * The failing row as the master reports it, or null when none failed.
   *
   * @return the failure
   */
  public @Nullable EvaluationException failure() {
    return status == Status.FAILED
        ? new EvaluationException(failedIndex, location, message, null)
        : null;
  }
}
