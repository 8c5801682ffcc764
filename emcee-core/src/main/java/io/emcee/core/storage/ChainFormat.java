package io.emcee.core.storage;

import io.emcee.api.EmceeException;
import io.emcee.core.random.RandomStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The chain file format, encode and decode side by side: nothing here touches a file, so every rule
 * of the format is in this class and a round trip tests it.
 *
 * <p>Layout (little-endian): a preamble of the 8-byte magic {@code EMCEEJVM}, the format version
 * and the header's length; the header (walkers, dimensions, blob count, parameter names, blob
 * names, move set, fingerprint) and its CRC32C (over version, length and header). Then blocks:
 * {@code magic "BLK2", firstStep (long), steps, payloadLength}, the payload and a CRC32C over both.
 * A payload holds each step's coordinates, log-probabilities and blobs as doubles, then the
 * cumulative acceptance counts per walker, the number of proposals and the random stream's state
 * after its last step (the block's "end").
 *
 * <p>Versions: format 2 (written) marks its blocks {@code "BLK2"} and ends each with the segment of
 * its steps ({@code thinBy} and flags: tune, whether the block opens a segment, whether that
 * segment follows the previous one), and a block never spans two segments. Format 1 (read, and
 * continued with its own blocks) has {@code "BLK1"} blocks without it: its chain is one segment,
 * whose {@code thinBy} the header's move description names ({@code "thinBy=k; ..."}).
 */
final class ChainFormat {
  static final byte[] MAGIC = "EMCEEJVM".getBytes(StandardCharsets.US_ASCII);

  /** The version written. */
  static final int VERSION = 2;

  /** The oldest version read. */
  static final int OLDEST_VERSION = 1;

  /** Magic, version and header length. */
  static final int PREAMBLE = MAGIC.length + 8;

  /** The block marker of format 1, "BLK1" little-endian. */
  static final int BLOCK_MAGIC_1 = 0x314B4C42;

  /** The block marker of format 2, "BLK2" little-endian. */
  static final int BLOCK_MAGIC = 0x324B4C42;

  /** Magic, first step, number of steps, payload length. */
  static final int BLOCK_HEADER = 4 + 8 + 4 + 4;

  static final int CHECKSUM = 4;

  private ChainFormat() {}

  // ---------------------------------------------------------------- sizes

  /** Bytes of one stored step: coordinates, log-probabilities and blobs. */
  static int stepBytes(ChainMetadata m) {
    return 8 * (m.nwalkers() * m.ndim() + m.nwalkers() + m.nwalkers() * m.blobCount());
  }

  /**
   * Bytes of a block's end: acceptance counts, proposals, random state; and from format 2 the
   * segment (thinBy and flags).
   */
  static int endBytes(ChainMetadata m, int version) {
    return 8 * (m.nwalkers() + 1 + RandomStream.STATE_LENGTH) + (version >= 2 ? 8 : 0);
  }

  static int payloadLength(ChainMetadata m, int steps, int version) {
    return steps * stepBytes(m) + endBytes(m, version);
  }

  /** The block marker of a format version. */
  static int blockMagic(int version) {
    return version >= 2 ? BLOCK_MAGIC : BLOCK_MAGIC_1;
  }

  /** The whole block on disk: header, payload, checksum. */
  static long blockBytes(int payloadLength) {
    return BLOCK_HEADER + (long) payloadLength + CHECKSUM;
  }

  // ---------------------------------------------------------------- header

  /**
   * The bytes a chain file starts with: preamble, header, checksum.
   *
   * @param m the chain
   * @return a buffer ready to write
   */
  static ByteBuffer encodeHeader(ChainMetadata m) {
    return encodeHeader(m, VERSION);
  }

  /** The header of a file of format {@code version} (an older one only to test reading it). */
  static ByteBuffer encodeHeader(ChainMetadata m, int version) {
    List<byte[]> strings = new ArrayList<>();
    int size = 12;
    for (List<String> names : List.of(m.parameterNames(), m.blobNames())) {
      size += 4;
      for (String n : names) {
        byte[] b = n.getBytes(StandardCharsets.UTF_8);
        strings.add(b);
        size += 4 + b.length;
      }
    }
    byte[] moves = m.moves().getBytes(StandardCharsets.UTF_8);
    byte[] fingerprint = m.fingerprint().getBytes(StandardCharsets.UTF_8);
    size += 8 + moves.length + fingerprint.length;
    ByteBuffer b = le(ByteBuffer.allocate(PREAMBLE + size + CHECKSUM));
    b.put(MAGIC).putInt(version).putInt(size);
    b.putInt(m.nwalkers()).putInt(m.ndim()).putInt(m.blobCount());
    int i = 0;
    for (List<String> names : List.of(m.parameterNames(), m.blobNames())) {
      b.putInt(names.size());
      for (int k = 0; k < names.size(); k++) {
        byte[] s = strings.get(i++);
        b.putInt(s.length).put(s);
      }
    }
    b.putInt(moves.length).put(moves).putInt(fingerprint.length).put(fingerprint);
    CRC32C crc = new CRC32C();
    crc.update(b.duplicate().flip().position(MAGIC.length));
    b.putInt((int) crc.getValue());
    return b.flip();
  }

  /**
   * Checks the preamble and says how many bytes the header and its checksum take after it.
   *
   * @param preamble the first bytes of the file (fewer than {@link #PREAMBLE} if the file is
   *     shorter)
   * @param fileSize the file's length
   * @param path for messages
   * @return the length of header plus checksum
   * @throws EmceeException F001 (not a chain file), F003 (another format version), F002 (the length
   *     points past the end of the file)
   */
  static int headerLength(ByteBuffer preamble, long fileSize, Path path) {
    if (preamble.remaining() < PREAMBLE) {
      throw new EmceeException(
          "EMCEE-F001", path + " is not an emcee-jvm chain file (too short for a header)");
    }
    byte[] magic = new byte[MAGIC.length];
    le(preamble.duplicate()).get(magic);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new EmceeException(
          "EMCEE-F001", path + " is not an emcee-jvm chain file (it does not start with EMCEEJVM)");
    }
    int version = le(preamble.duplicate()).getInt(MAGIC.length);
    int length = le(preamble.duplicate()).getInt(MAGIC.length + 4);
    if (version < OLDEST_VERSION || version > VERSION) {
      throw new EmceeException(
          "EMCEE-F003",
          path
              + " has chain format "
              + version
              + "; this version reads formats "
              + OLDEST_VERSION
              + " to "
              + VERSION
              + (version > VERSION ? ": read it with a newer emcee-jvm" : ""));
    }
    if (length < 0 || PREAMBLE + (long) length + CHECKSUM > fileSize) {
      throw new EmceeException(
          "EMCEE-F002", path + ": the header is damaged (its length points past the end of file)");
    }
    return length + CHECKSUM;
  }

  /**
   * The format version of a preamble {@link #headerLength} accepted.
   *
   * @param preamble the first {@link #PREAMBLE} bytes
   * @return the version
   */
  static int version(ByteBuffer preamble) {
    return le(preamble.duplicate()).getInt(MAGIC.length);
  }

  /**
   * The thinBy of a format-1 chain, which its move description names first ({@code "thinBy=k;
   * ..."}); 1 when it names none.
   *
   * @param moves the header's move description
   * @return the chain's thinBy
   */
  static int legacyThinBy(String moves) {
    if (moves.startsWith("thinBy=")) {
      int end = moves.indexOf(';');
      try {
        return Math.max(1, Integer.parseInt(moves.substring(7, end < 0 ? moves.length() : end)));
      } catch (NumberFormatException e) {
        return 1;
      }
    }
    return 1;
  }

  /**
   * Decodes the header after checking its checksum.
   *
   * @param preamble the {@link #PREAMBLE} bytes, as checked by {@link #headerLength}
   * @param body the header and its checksum
   * @param path for messages
   * @return the chain's metadata
   * @throws EmceeException F002 when the header is damaged
   */
  static ChainMetadata decodeHeader(ByteBuffer preamble, ByteBuffer body, Path path) {
    int length = body.remaining() - CHECKSUM;
    CRC32C crc = new CRC32C();
    crc.update(le(preamble.duplicate()).position(MAGIC.length).limit(PREAMBLE));
    ByteBuffer content = le(body.duplicate().limit(body.position() + length).slice());
    crc.update(content.duplicate());
    if ((int) crc.getValue() != le(body.duplicate()).getInt(body.position() + length)) {
      throw new EmceeException(
          "EMCEE-F002",
          path + ": the header is damaged (checksum mismatch); the file cannot be trusted");
    }
    try {
      int nwalkers = content.getInt();
      int ndim = content.getInt();
      int blobCount = content.getInt();
      List<String> parameterNames = strings(content);
      List<String> blobNames = strings(content);
      String moves = string(content);
      String fingerprint = string(content);
      if (blobNames.size() != blobCount) {
        throw new IllegalStateException(
            "blob count " + blobCount + " but " + blobNames.size() + " names");
      }
      return new ChainMetadata(nwalkers, ndim, parameterNames, blobNames, moves, fingerprint);
    } catch (RuntimeException e) {
      throw new EmceeException(
          "EMCEE-F002", path + ": the header is damaged (" + e.getMessage() + ")", e);
    }
  }

  private static List<String> strings(ByteBuffer b) {
    int n = b.getInt();
    if (n < 0 || n > b.remaining()) {
      throw new IllegalStateException("bad name count " + n);
    }
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(string(b));
    }
    return out;
  }

  private static String string(ByteBuffer b) {
    int n = b.getInt();
    if (n < 0 || n > b.remaining()) {
      throw new IllegalStateException("bad string length " + n);
    }
    byte[] s = new byte[n];
    b.get(s);
    return new String(s, StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------- blocks

  /**
   * A block's header as read, not yet trusted.
   *
   * @param magic should be {@link #BLOCK_MAGIC}
   * @param first the chain index of its first step
   * @param steps how many steps it holds
   * @param length its payload length
   */
  record BlockHeader(int magic, long first, int steps, int length) {
    /**
     * Whether this header can be that of a block of chain {@code m} (format {@code version})
     * starting at {@code first}.
     */
    boolean fits(ChainMetadata m, long expectedFirst, int version) {
      return first == expectedFirst && plausible(m, version);
    }

    /**
     * Whether this header can be that of some block of chain {@code m} (format {@code version}).
     */
    boolean plausible(ChainMetadata m, int version) {
      return magic == blockMagic(version)
          && first >= 0
          && steps >= 1
          && steps <= (Integer.MAX_VALUE - endBytes(m, version)) / stepBytes(m)
          && length == payloadLength(m, steps, version);
    }

    /** The block's whole length on disk. */
    long bytes() {
      return blockBytes(length);
    }
  }

  /**
   * Reads a block header.
   *
   * @param b at least {@link #BLOCK_HEADER} bytes, from its position
   * @return the header, unchecked
   */
  static BlockHeader decodeBlockHeader(ByteBuffer b) {
    ByteBuffer h = le(b.duplicate());
    return new BlockHeader(h.getInt(), h.getLong(), h.getInt(), h.getInt());
  }

  /**
   * Whether a torn write could have left {@code tail}: a prefix (shorter than a block header) of
   * the header of the block that would start at step {@code first}.
   */
  static boolean isHeaderPrefix(ByteBuffer tail, long first, int version) {
    ByteBuffer expected =
        le(ByteBuffer.allocate(12)).putInt(blockMagic(version)).putLong(first).flip();
    ByteBuffer t = tail.duplicate();
    int n = Math.min(t.remaining(), 12);
    for (int i = 0; i < n; i++) {
      if (t.get(t.position() + i) != expected.get(i)) {
        return false;
      }
    }
    if (t.remaining() >= 16) {
      return le(t).getInt(t.position() + 12) >= 1;
    }
    return true;
  }

  /**
   * Whether a whole block's checksum matches.
   *
   * @param block the block from its position: header, payload, checksum
   * @return true when the stored CRC32C is that of header and payload
   */
  static boolean checksumMatches(ByteBuffer block) {
    int length = block.remaining() - CHECKSUM;
    CRC32C crc = new CRC32C();
    crc.update(block.duplicate().limit(block.position() + length));
    return (int) crc.getValue() == le(block.duplicate()).getInt(block.position() + length);
  }

  /**
   * The bookkeeping at the end of a block: as of its last step.
   *
   * @param accepted per walker, accepted proposals since the chain began
   * @param proposals proposals per walker since the chain began
   * @param randomState the random stream's state after the last step
   * @param thinBy (format 2) the thinBy of the block's segment; 0 when not recorded
   * @param flags (format 2) the segment's flags ({@code Segments.TUNE}, {@code STARTS}, {@code
   *     FOLLOWS})
   */
  record BlockEnd(long[] accepted, long proposals, long[] randomState, int thinBy, int flags) {
    /** An end without a segment (format 1). */
    BlockEnd(long[] accepted, long proposals, long[] randomState) {
      this(accepted, proposals, randomState, 0, 0);
    }
  }

  /**
   * Encodes a block of the current format.
   *
   * @param first the chain index of its first step
   * @param steps how many steps {@code stepBytes} holds
   * @param stepBytes the encoded steps
   * @param end the bookkeeping as of its last step
   * @return header, steps and end with the checksum
   */
  static ByteBuffer[] encodeBlock(long first, int steps, ByteBuffer stepBytes, BlockEnd end) {
    return encodeBlock(VERSION, first, steps, stepBytes, end);
  }

  /**
   * Encodes a block of format {@code version}.
   *
   * @param version the file's format: 1 leaves the segment out
   * @param first the chain index of its first step
   * @param steps how many steps {@code stepBytes} holds
   * @param stepBytes the encoded steps, from position to limit (see {@link #encodeStep})
   * @param end the bookkeeping as of its last step (an empty random state is stored as zeros)
   * @return header, steps and end with the checksum, to write in this order
   */
  static ByteBuffer[] encodeBlock(
      int version, long first, int steps, ByteBuffer stepBytes, BlockEnd end) {
    int segment = version >= 2 ? 8 : 0;
    ByteBuffer tail =
        le(
            ByteBuffer.allocate(
                8 * (end.accepted().length + 1 + RandomStream.STATE_LENGTH) + segment + 4));
    for (long a : end.accepted()) {
      tail.putLong(a);
    }
    tail.putLong(end.proposals());
    long[] state =
        end.randomState().length == RandomStream.STATE_LENGTH
            ? end.randomState()
            : new long[RandomStream.STATE_LENGTH];
    for (long v : state) {
      tail.putLong(v);
    }
    if (version >= 2) {
      tail.putInt(end.thinBy()).putInt(end.flags());
    }
    int length = stepBytes.remaining() + tail.position();
    ByteBuffer head = le(ByteBuffer.allocate(BLOCK_HEADER));
    head.putInt(blockMagic(version)).putLong(first).putInt(steps).putInt(length).flip();
    CRC32C crc = new CRC32C();
    crc.update(head.duplicate());
    crc.update(stepBytes.duplicate());
    crc.update(tail.duplicate().flip());
    tail.putInt((int) crc.getValue()).flip();
    return new ByteBuffer[] {head, stepBytes.duplicate(), tail};
  }

  /**
   * Decodes the end of a block.
   *
   * @param payload the block's payload from its position
   * @param m the chain
   * @param steps the block's number of steps
   * @param version the file's format
   * @return the bookkeeping as of its last step
   */
  static BlockEnd decodeBlockEnd(ByteBuffer payload, ChainMetadata m, int steps, int version) {
    ByteBuffer t = le(payload.duplicate());
    t.position(t.position() + steps * stepBytes(m));
    long[] accepted = new long[m.nwalkers()];
    for (int w = 0; w < accepted.length; w++) {
      accepted[w] = t.getLong();
    }
    long proposals = t.getLong();
    long[] state = new long[RandomStream.STATE_LENGTH];
    for (int i = 0; i < state.length; i++) {
      state[i] = t.getLong();
    }
    if (version >= 2) {
      return new BlockEnd(accepted, proposals, state, t.getInt(), t.getInt());
    }
    return new BlockEnd(accepted, proposals, state);
  }

  // ---------------------------------------------------------------- steps

  /**
   * Appends one step to {@code dest} (which must have {@link #stepBytes} bytes left).
   *
   * @param dest a little-endian buffer
   * @param m the chain
   * @param coords {@code nwalkers * ndim} coordinates
   * @param logProbability {@code nwalkers} values
   * @param blobs {@code nwalkers * blobCount} values (not read when there are no blobs)
   */
  static void encodeStep(
      ByteBuffer dest, ChainMetadata m, double[] coords, double[] logProbability, double[] blobs) {
    int n = m.nwalkers();
    dest.asDoubleBuffer().put(coords, 0, n * m.ndim());
    dest.position(dest.position() + 8 * n * m.ndim());
    dest.asDoubleBuffer().put(logProbability, 0, n);
    dest.position(dest.position() + 8 * n);
    if (m.blobCount() > 0) {
      dest.asDoubleBuffer().put(blobs, 0, n * m.blobCount());
      dest.position(dest.position() + 8 * n * m.blobCount());
    }
  }

  /** Copies a step's coordinates (the step's bytes from their position) into {@code dest}. */
  static void decodeCoords(ByteBuffer step, ChainMetadata m, double[] dest, int offset) {
    doubles(step, 0, dest, offset, m.nwalkers() * m.ndim());
  }

  /** Copies a step's log-probabilities into {@code dest}. */
  static void decodeLogProbability(ByteBuffer step, ChainMetadata m, double[] dest, int offset) {
    doubles(step, 8 * m.nwalkers() * m.ndim(), dest, offset, m.nwalkers());
  }

  /** Copies a step's blobs into {@code dest}. */
  static void decodeBlobs(ByteBuffer step, ChainMetadata m, double[] dest, int offset) {
    if (m.blobCount() > 0) {
      doubles(
          step,
          8 * (m.nwalkers() * m.ndim() + m.nwalkers()),
          dest,
          offset,
          m.nwalkers() * m.blobCount());
    }
  }

  private static void doubles(ByteBuffer b, int at, double[] dest, int offset, int count) {
    le(b.duplicate().position(b.position() + at).slice()).asDoubleBuffer().get(dest, offset, count);
  }

  static ByteBuffer le(ByteBuffer b) {
    return b.order(ByteOrder.LITTLE_ENDIAN);
  }
}
