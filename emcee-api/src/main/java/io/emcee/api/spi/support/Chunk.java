package io.emcee.api.spi.support;

import io.emcee.api.Stability;
import java.nio.ByteBuffer;

/**
 * One member's share of a batch on the wire: the function's key, the widths, the offset of the
 * share in the batch and its rows as primitive doubles, all in one byte array that any library can
 * carry. The function itself travels beside it, only when the member lacks it ({@link
 * GridPool.Shipment}).
 *
 * <pre>
 * {@code byte[] wire = Chunk.encode(key, inputs, 2, from, to, 1); Chunk c = Chunk.decode(wire);}
 * </pre>
 *
 * @param key the function's key in this run
 * @param inputs the share's rows, row-major
 * @param inputWidth doubles per row
 * @param count rows in the share
 * @param outputWidth doubles per result
 * @param offset the index of the share's first row in the batch
 * @param timeRows whether the member times each row and answers with the times ({@link
 *     ChunkResult#rowNanos()}), for a master that orders rows by their predicted cost
 */
@Stability(Stability.Level.EXPERIMENTAL)
public record Chunk(
    long key,
    double[] inputs,
    int inputWidth,
    int count,
    int outputWidth,
    int offset,
    boolean timeRows) {

  /** Marks the format: a version 2 chunk (version 1 had no flags). */
  private static final int FORMAT = 0x454d_4302;

  /** Bytes before the rows: format, key, widths, count, offset and flags. */
  public static final int HEADER_BYTES = 32;

  /** The flag asking the member to time each row. */
  private static final int TIME_ROWS = 1;

  /**
   * Encodes rows {@code [from, to)} of a batch.
   *
   * @param key the function's key
   * @param inputs the whole batch's points, row-major
   * @param inputWidth doubles per point
   * @param from the share's first row
   * @param to one past its last row
   * @param outputWidth doubles per result
   * @return the wire bytes: {@link #HEADER_BYTES} plus 8 per double
   */
  public static byte[] encode(
      long key, double[] inputs, int inputWidth, int from, int to, int outputWidth) {
    return encode(key, inputs, inputWidth, from, to, outputWidth, false);
  }

  /**
   * Encodes rows {@code [from, to)} of a batch, asking the member to time each row or not.
   *
   * @param key the function's key
   * @param inputs the whole batch's points, row-major
   * @param inputWidth doubles per point
   * @param from the share's first row
   * @param to one past its last row
   * @param outputWidth doubles per result
   * @param timeRows whether the member times each row
   * @return the wire bytes: {@link #HEADER_BYTES} plus 8 per double
   */
  public static byte[] encode(
      long key,
      double[] inputs,
      int inputWidth,
      int from,
      int to,
      int outputWidth,
      boolean timeRows) {
    int doubles = (to - from) * inputWidth;
    ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + 8 * doubles);
    b.putInt(FORMAT).putLong(key).putInt(inputWidth).putInt(to - from).putInt(outputWidth);
    b.putInt(from).putInt(timeRows ? TIME_ROWS : 0);
    b.asDoubleBuffer().put(inputs, from * inputWidth, doubles);
    return b.array();
  }

  /**
   * Decodes what {@link #encode} wrote.
   *
   * @param wire the bytes
   * @return the chunk
   * @throws IllegalArgumentException when the bytes are not a chunk
   */
  public static Chunk decode(byte[] wire) {
    ByteBuffer b = ByteBuffer.wrap(wire);
    if (wire.length < HEADER_BYTES || b.getInt() != FORMAT) {
      throw new IllegalArgumentException("not a chunk of this version (" + wire.length + " bytes)");
    }
    long key = b.getLong();
    int inputWidth = b.getInt();
    int count = b.getInt();
    int outputWidth = b.getInt();
    int offset = b.getInt();
    boolean timeRows = (b.getInt() & TIME_ROWS) != 0;
    double[] inputs = new double[count * inputWidth];
    b.asDoubleBuffer().get(inputs);
    return new Chunk(key, inputs, inputWidth, count, outputWidth, offset, timeRows);
  }

  /**
   * The key a chunk carries, without decoding its rows.
   *
   * @param wire what {@link #encode} wrote
   * @return the function's key
   */
  public static long keyOf(byte[] wire) {
    return ByteBuffer.wrap(wire).getLong(4);
  }
}
