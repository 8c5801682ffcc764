package io.emcee.core.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Where each stored block of a chain file is, and the steps of the last block read: old steps are
 * read back from the file on demand, so the heap stays bounded however long the chain. Not
 * thread-safe; {@link FileBackend} calls it under its lock.
 */
final class BlockIndex {
  /** Reads {@code length} bytes of the file from {@code position}. */
  @FunctionalInterface
  interface Reader {
    ByteBuffer read(long position, long length) throws IOException;
  }

  private long[] offsets = new long[16];
  private int[] first = new int[16];
  private int[] steps = new int[16];
  private int blocks;
  private int storedSteps;

  private int cachedBlock = -1;
  private @Nullable ByteBuffer cachedSteps;

  /** Records a verified block at byte {@code offset} holding {@code count} steps. */
  void add(long offset, int count) {
    if (blocks == offsets.length) {
      offsets = Arrays.copyOf(offsets, blocks * 2);
      first = Arrays.copyOf(first, blocks * 2);
      steps = Arrays.copyOf(steps, blocks * 2);
    }
    offsets[blocks] = offset;
    first[blocks] = storedSteps;
    steps[blocks] = count;
    blocks++;
    storedSteps += count;
  }

  /** Forgets every block. */
  void clear() {
    blocks = 0;
    storedSteps = 0;
    cachedBlock = -1;
    cachedSteps = null;
  }

  /** The number of steps in indexed blocks. */
  int storedSteps() {
    return storedSteps;
  }

  /**
   * The bytes of stored step {@code step} ({@code stepBytes} of them), reading its block's steps
   * into the cache unless they are there.
   */
  ByteBuffer step(int step, int stepBytes, Reader reader) throws IOException {
    int b = blockOf(step);
    ByteBuffer payload = cachedSteps;
    if (b != cachedBlock || payload == null) {
      payload = reader.read(offsets[b] + ChainFormat.BLOCK_HEADER, (long) steps[b] * stepBytes);
      cachedSteps = payload;
      cachedBlock = b;
    }
    int at = (step - first[b]) * stepBytes;
    return ChainFormat.le(payload.duplicate().position(at).limit(at + stepBytes).slice());
  }

  private int blockOf(int step) {
    int lo = 0;
    int hi = blocks - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (first[mid] <= step) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }
}
