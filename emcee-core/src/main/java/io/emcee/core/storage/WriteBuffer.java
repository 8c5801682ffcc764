package io.emcee.core.storage;

import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * The steps of a chain file not yet written, the bookkeeping as of the last step (stored or
 * buffered), and when to write: after {@code flushEverySteps} buffered steps or once the oldest
 * buffered step is {@code flushInterval} old. Not thread-safe; {@link FileBackend} calls it under
 * its lock.
 */
final class WriteBuffer {
  private final int flushEverySteps;
  private final long flushIntervalNanos;
  private final ChainMetadata metadata;
  private final int stepBytes;

  private ByteBuffer steps;
  private int count;
  private long oldest;

  private final long[] accepted;
  private long proposals;
  private long[] randomState = new long[0];
  private int thinBy;
  private int flags;

  WriteBuffer(ChainMetadata metadata, int flushEverySteps, Duration flushInterval) {
    this.metadata = metadata;
    this.flushEverySteps = flushEverySteps;
    this.flushIntervalNanos = flushInterval.toNanos();
    this.stepBytes = ChainFormat.stepBytes(metadata);
    this.steps = newBuffer(Math.min(flushEverySteps, 1 << 16));
    this.accepted = new long[metadata.nwalkers()];
  }

  private ByteBuffer newBuffer(int capacitySteps) {
    long bytes = (long) Math.max(1, capacitySteps) * stepBytes;
    return ChainFormat.le(ByteBuffer.allocate((int) Math.min(bytes, Integer.MAX_VALUE - 8)));
  }

  /** Takes the bookkeeping of the last stored block (on opening an existing chain). */
  void restore(ChainFormat.BlockEnd end) {
    System.arraycopy(end.accepted(), 0, accepted, 0, accepted.length);
    proposals = end.proposals();
    randomState = end.randomState().clone();
  }

  /** Sets the segment of the buffered block (thinBy and flags), before its first step. */
  void segment(int thinBy, int flags) {
    this.thinBy = thinBy;
    this.flags = flags;
  }

  /** Whether another step fits without writing first. */
  boolean hasRoom() {
    return steps.remaining() >= stepBytes;
  }

  /** Makes room for one step in a buffer that is empty (after a write). */
  void ensureRoom() {
    if (!hasRoom()) {
      steps = newBuffer(1);
    }
  }

  /** Buffers one step and the bookkeeping after it. */
  void add(
      double[] coords,
      double[] logProbability,
      double[] blobs,
      long[] accepted,
      long proposals,
      long[] randomState) {
    if (count == 0) {
      oldest = System.nanoTime();
    }
    ChainFormat.encodeStep(steps, metadata, coords, logProbability, blobs);
    System.arraycopy(accepted, 0, this.accepted, 0, this.accepted.length);
    this.proposals = proposals;
    if (this.randomState.length != randomState.length) {
      this.randomState = new long[randomState.length];
    }
    System.arraycopy(randomState, 0, this.randomState, 0, randomState.length);
    count++;
  }

  /** Whether the flush policy asks for a write now. */
  boolean due() {
    return count >= flushEverySteps || System.nanoTime() - oldest >= flushIntervalNanos;
  }

  /** The number of buffered steps. */
  int count() {
    return count;
  }

  /**
   * The buffered steps as one block of format {@code version} starting at chain step {@code first},
   * to write.
   */
  ByteBuffer[] encode(int version, long first) {
    return ChainFormat.encodeBlock(
        version,
        first,
        count,
        steps.duplicate().flip(),
        new ChainFormat.BlockEnd(accepted, proposals, randomState, thinBy, flags));
  }

  /** Forgets the buffered steps once they are written. */
  void written() {
    count = 0;
    steps.clear();
  }

  /** The bytes of buffered step {@code index} (0 is the oldest). */
  ByteBuffer step(int index) {
    return ChainFormat.le(
        steps.duplicate().position(index * stepBytes).limit((index + 1) * stepBytes).slice());
  }

  long[] accepted() {
    return accepted.clone();
  }

  long proposals() {
    return proposals;
  }

  long[] randomState() {
    return randomState.clone();
  }
}
