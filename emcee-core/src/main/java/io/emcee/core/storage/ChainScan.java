package io.emcee.core.storage;

import io.emcee.core.storage.ChainFormat.BlockEnd;
import io.emcee.core.storage.ChainFormat.BlockHeader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Reads what a chain file holds: its header, then block after block while each is whole and its
 * checksum matches, and a verdict on whatever follows the last good block.
 *
 * <ul>
 *   <li>{@link Tail#CLEAN}: nothing follows.
 *   <li>{@link Tail#TORN}: the start of the next block and nothing else, as a write cut short by a
 *       crash leaves it: a header (or part of one) for exactly the next step whose block runs past
 *       the end of the file, with no checkable block inside. Those bytes hold nothing that can be
 *       verified; a writer overwrites them.
 *   <li>{@link Tail#DAMAGED}: anything else: a checksum mismatch, a broken or foreign header, bytes
 *       appended after the chain. The scan then also looks past the damage for blocks whose
 *       checksums match, so the error and the recovery report can say what lies beyond.
 * </ul>
 */
final class ChainScan {
  private static final int SEARCH_CHUNK = 1 << 16;

  private ChainScan() {}

  /** What follows the last good block. */
  enum Tail {
    CLEAN,
    TORN,
    DAMAGED
  }

  /**
   * The header of a chain file.
   *
   * @param metadata the chain
   * @param end the byte where the first block starts
   * @param version the file's format
   */
  record Header(ChainMetadata metadata, long end, int version) {}

  /**
   * The end of a scan.
   *
   * @param goodBytes the length of the verified part of the file
   * @param fileSize the file's length when scanned
   * @param tail what follows the verified part
   * @param reason why the scan stopped, e.g. {@code "end of file"}
   * @param lastEnd the bookkeeping of the last good block read by this scan, or null if none
   * @param intactBlocksAfter (damaged files) blocks past the damage whose checksums match
   * @param firstStepAfter the first step of the first of them, or -1
   * @param lastStepAfter the last step of the last of them, or -1
   */
  record Result(
      long goodBytes,
      long fileSize,
      Tail tail,
      String reason,
      @Nullable BlockEnd lastEnd,
      int intactBlocksAfter,
      long firstStepAfter,
      long lastStepAfter) {}

  /**
   * Reads and checks the header.
   *
   * @throws io.emcee.api.EmceeException F001, F002, F003 as {@link ChainFormat} decides
   */
  static Header header(BlockIndex.Reader reader, long size, Path path) throws IOException {
    ByteBuffer preamble = reader.read(0, Math.min(size, ChainFormat.PREAMBLE));
    int length = ChainFormat.headerLength(preamble, size, path);
    ByteBuffer body = reader.read(ChainFormat.PREAMBLE, length);
    return new Header(
        ChainFormat.decodeHeader(preamble, body, path),
        (long) ChainFormat.PREAMBLE + length,
        ChainFormat.version(preamble));
  }

  /**
   * Reads blocks from byte {@code from} (where step {@code index.storedSteps()} starts), adding
   * each good one to {@code index} and its segment to {@code segments}, and judges what follows.
   */
  static Result blocks(
      BlockIndex.Reader reader,
      long size,
      long from,
      ChainMetadata m,
      int version,
      BlockIndex index,
      Segments segments)
      throws IOException {
    long at = from;
    BlockEnd lastEnd = null;
    while (at < size) {
      long left = size - at;
      if (left < ChainFormat.BLOCK_HEADER) {
        ByteBuffer rest = reader.read(at, left);
        return ChainFormat.isHeaderPrefix(rest, index.storedSteps(), version)
            ? result(at, size, Tail.TORN, "a block header cut off by the end of the file", lastEnd)
            : damaged(
                reader, size, at, m, version, "bytes that are not a block at byte " + at, lastEnd);
      }
      BlockHeader h = ChainFormat.decodeBlockHeader(reader.read(at, ChainFormat.BLOCK_HEADER));
      if (h.magic() != ChainFormat.blockMagic(version)) {
        return damaged(reader, size, at, m, version, "no block marker at byte " + at, lastEnd);
      }
      if (!h.fits(m, index.storedSteps(), version)) {
        return damaged(
            reader, size, at, m, version, "an inconsistent block header at byte " + at, lastEnd);
      }
      if (h.bytes() > left) {
        Result torn =
            result(at, size, Tail.TORN, "a block cut off by the end of the file", lastEnd);
        Result beyond = survey(reader, size, at + 1, m, version, torn);
        return beyond.intactBlocksAfter() == 0
            ? torn
            : damaged(
                reader,
                size,
                at,
                m,
                version,
                "a block header at byte " + at + " whose length hides later blocks",
                lastEnd);
      }
      ByteBuffer block = reader.read(at, h.bytes());
      if (!ChainFormat.checksumMatches(block)) {
        return damaged(
            reader,
            size,
            at,
            m,
            version,
            "a checksum mismatch in the block at byte " + at,
            lastEnd);
      }
      lastEnd =
          ChainFormat.decodeBlockEnd(
              block.position(ChainFormat.BLOCK_HEADER), m, h.steps(), version);
      if (version >= 2) {
        segments.read(index.storedSteps(), lastEnd.thinBy(), lastEnd.flags());
      }
      index.add(at, h.steps());
      at += h.bytes();
    }
    return result(at, size, Tail.CLEAN, "end of file", lastEnd);
  }

  private static Result result(
      long good, long size, Tail tail, String reason, @Nullable BlockEnd lastEnd) {
    return new Result(good, size, tail, reason, lastEnd, 0, -1, -1);
  }

  private static Result damaged(
      BlockIndex.Reader reader,
      long size,
      long at,
      ChainMetadata m,
      int version,
      String reason,
      @Nullable BlockEnd lastEnd)
      throws IOException {
    return survey(reader, size, at, m, version, result(at, size, Tail.DAMAGED, reason, lastEnd));
  }

  /**
   * Looks from byte {@code from} to the end for blocks whose checksums match: a block of plausible
   * shape is checked and stepped over whole; elsewhere the next block marker is searched byte by
   * byte.
   */
  private static Result survey(
      BlockIndex.Reader reader, long size, long from, ChainMetadata m, int version, Result found)
      throws IOException {
    int intact = 0;
    long firstStep = -1;
    long lastStep = -1;
    long at = from;
    while (at >= 0 && size - at >= ChainFormat.BLOCK_HEADER) {
      BlockHeader h = ChainFormat.decodeBlockHeader(reader.read(at, ChainFormat.BLOCK_HEADER));
      if (h.plausible(m, version) && h.bytes() <= size - at) {
        if (ChainFormat.checksumMatches(reader.read(at, h.bytes()))) {
          intact++;
          firstStep = firstStep < 0 ? h.first() : firstStep;
          lastStep = h.first() + h.steps() - 1;
          at += h.bytes();
          continue;
        }
      }
      at = nextMarker(reader, size, at + 1, version);
    }
    return new Result(
        found.goodBytes(),
        found.fileSize(),
        found.tail(),
        found.reason(),
        found.lastEnd(),
        intact,
        firstStep,
        lastStep);
  }

  /** The position of the next block marker at or after {@code from}, or -1. */
  private static long nextMarker(BlockIndex.Reader reader, long size, long from, int version)
      throws IOException {
    int magic = ChainFormat.blockMagic(version);
    byte[] marker = {(byte) magic, (byte) (magic >> 8), (byte) (magic >> 16), (byte) (magic >> 24)};
    long at = from;
    while (size - at >= marker.length) {
      ByteBuffer chunk = reader.read(at, Math.min(SEARCH_CHUNK, size - at));
      int n = chunk.remaining();
      for (int i = 0; i + marker.length <= n; i++) {
        if (chunk.get(i) == marker[0]
            && chunk.get(i + 1) == marker[1]
            && chunk.get(i + 2) == marker[2]
            && chunk.get(i + 3) == marker[3]) {
          return at + i;
        }
      }
      if (n < marker.length) {
        return -1;
      }
      at += n - marker.length + 1;
    }
    return -1;
  }
}
