package io.emcee.pool.ignite;

import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * The bytes of a chunk request and of its answer as they travel in Ignite messages (one {@code
 * byte[]} each, which Ignite's marshaller copies without reading): a request id, then the kit's
 * chunk, the function's bytes, its classes, the request's stamp and its authenticator, each with
 * its length ({@code -1} for none). Nothing here deserializes anything: the worker checks the
 * authenticator over these parts before the function is read.
 */
record ChunkMessage(
    long id,
    byte[] chunk,
    byte @Nullable [] function,
    byte @Nullable [] classes,
    byte @Nullable [] stamp,
    byte @Nullable [] mac) {

  /** What this request's frame starts with, so that a stray message is told apart. */
  private static final int REQUEST = 0x454d4351; // "EMCQ"

  /** What an answer's frame starts with. */
  private static final int ANSWER = 0x454d4341; // "EMCA"

  /** The request as one array. */
  byte[] encode() {
    int size = 4 + 8 + 5 * 4 + chunk.length + length(function) + length(classes);
    size += length(stamp) + length(mac);
    ByteBuffer b = ByteBuffer.allocate(size).putInt(REQUEST).putLong(id);
    put(b, chunk);
    put(b, function);
    put(b, classes);
    put(b, stamp);
    put(b, mac);
    return b.array();
  }

  /**
   * Reads a request.
   *
   * @return the request, or null when {@code bytes} is not one (nothing is run then)
   */
  static @Nullable ChunkMessage decode(Object message) {
    if (!(message instanceof byte[] bytes) || bytes.length < 12) {
      return null;
    }
    try {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      if (b.getInt() != REQUEST) {
        return null;
      }
      long id = b.getLong();
      byte[] chunk = get(b);
      if (chunk == null) {
        return null;
      }
      ChunkMessage m = new ChunkMessage(id, chunk, get(b), get(b), get(b), get(b));
      return b.hasRemaining() ? null : m;
    } catch (RuntimeException e) {
      return null; // a truncated or foreign frame
    }
  }

  /** An answer: the request's id and the encoded chunk result. */
  static byte[] answer(long id, byte[] result) {
    return ByteBuffer.allocate(12 + result.length).putInt(ANSWER).putLong(id).put(result).array();
  }

  /** The request id of an answer, or -1 when {@code message} is not one. */
  static long answerId(Object message) {
    if (!(message instanceof byte[] bytes) || bytes.length < 12) {
      return -1;
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    return b.getInt() == ANSWER ? b.getLong() : -1;
  }

  /** The encoded chunk result an answer carries. */
  static byte[] answerResult(byte[] answer) {
    return java.util.Arrays.copyOfRange(answer, 12, answer.length);
  }

  private static int length(byte @Nullable [] part) {
    return part == null ? 0 : part.length;
  }

  private static void put(ByteBuffer b, byte @Nullable [] part) {
    if (part == null) {
      b.putInt(-1);
    } else {
      b.putInt(part.length).put(part);
    }
  }

  private static byte @Nullable [] get(ByteBuffer b) {
    int n = b.getInt();
    if (n < 0) {
      return null;
    }
    if (n > b.remaining()) {
      throw new IllegalArgumentException("truncated");
    }
    byte[] part = new byte[n];
    b.get(part);
    return part;
  }
}
