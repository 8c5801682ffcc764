package io.emcee.api.spi.support;

import io.emcee.api.Stability;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * What a request to a member carries besides its payload: the sender's emcee version, so that a
 * member of another version refuses it with both versions named rather than misreading it, and what
 * makes it fresh under the cluster's key: a random nonce of the sending process, a counter, and the
 * sender's clock. A member checks the stamp (signed with the payload by {@link ClusterKey}) before
 * it deserializes anything, and refuses a request it has seen before or one whose clock is more
 * than {@link #WINDOW_MILLIS} away from its own, so that a captured request cannot be replayed.
 *
 * <pre>
 * {@code RequestStamp.Issuer stamps = new RequestStamp.Issuer(); byte[] stamp = stamps.next();}
 * </pre>
 */
@Stability(Stability.Level.EXPERIMENTAL)
public record RequestStamp(
    String version, long nonceHigh, long nonceLow, long counter, long millis) {
  /** This emcee's version, as the build wrote it; {@code development} when run from sources. */
  public static final String VERSION = readVersion();

  /** How far a request's clock may be from a member's: five minutes either way. */
  public static final long WINDOW_MILLIS = 300_000L;

  private static final byte FORMAT = 1;

  private static String readVersion() {
    try (InputStream in = RequestStamp.class.getResourceAsStream("/META-INF/emcee/version")) {
      String v = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      return v.isEmpty() || v.startsWith("$") ? "development" : v;
    } catch (IOException e) {
      return "development";
    }
  }

  /**
   * The bytes of this stamp.
   *
   * @return its wire form
   */
  public byte[] encode() {
    byte[] v = version.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(1 + 2 + v.length + 32)
        .put(FORMAT)
        .putShort((short) v.length)
        .put(v)
        .putLong(nonceHigh)
        .putLong(nonceLow)
        .putLong(counter)
        .putLong(millis)
        .array();
  }

  /**
   * Reads a stamp without trusting it: a plain parse of fixed fields, no deserialization.
   *
   * @param bytes what {@link #encode} wrote
   * @return the stamp, or null when the bytes are not one
   */
  public static @Nullable RequestStamp decode(byte @Nullable [] bytes) {
    if (bytes == null || bytes.length < 3 || bytes[0] != FORMAT) {
      return null;
    }
    ByteBuffer in = ByteBuffer.wrap(bytes);
    in.get();
    int n = in.getShort() & 0xffff;
    if (bytes.length != 3 + n + 32) {
      return null;
    }
    byte[] v = new byte[n];
    in.get(v);
    return new RequestStamp(
        new String(v, StandardCharsets.UTF_8),
        in.getLong(),
        in.getLong(),
        in.getLong(),
        in.getLong());
  }

  /**
   * Stamps one process's requests: a random nonce drawn once, a counter that never repeats, the
   * clock. Thread-safe.
   */
  public static final class Issuer {
    private final long high;
    private final long low;
    private final AtomicLong counter = new AtomicLong();

    /** A new sender with a fresh random nonce. */
    public Issuer() {
      SecureRandom random = new SecureRandom();
      this.high = random.nextLong();
      this.low = random.nextLong();
    }

    /**
     * The stamp of the next request.
     *
     * @return its bytes
     */
    public byte[] next() {
      return new RequestStamp(
              VERSION, high, low, counter.incrementAndGet(), System.currentTimeMillis())
          .encode();
    }
  }

  /**
   * A member's memory of the stamps it accepted: per sender nonce, the highest counter and which of
   * the {@link #SPAN} before it came (requests to one member may overtake each other); a sender
   * idle for twice the clock window is forgotten, since its old requests are then stale anyway.
   * Thread-safe.
   */
  static final class Guard {
    /** How far a request may arrive behind the newest of its sender. */
    static final int SPAN = 1024;

    private final Map<Sender, Window> senders = new HashMap<>();
    private long lastSweep;

    /** Why a stamp was refused, or null when it is fresh (and now remembered). */
    synchronized @Nullable String admit(RequestStamp stamp, long nowMillis) {
      long skew = nowMillis - stamp.millis();
      if (Math.abs(skew) > WINDOW_MILLIS) {
        return "its clock is "
            + Math.abs(skew) / 1000
            + " s "
            + (skew > 0 ? "behind" : "ahead of")
            + " this member's (more than "
            + WINDOW_MILLIS / 1000
            + " s: a replayed request, or clocks to set right)";
      }
      if (nowMillis - lastSweep > WINDOW_MILLIS) {
        lastSweep = nowMillis;
        for (Iterator<Window> it = senders.values().iterator(); it.hasNext(); ) {
          if (nowMillis - it.next().lastSeen > 2 * WINDOW_MILLIS) {
            it.remove();
          }
        }
      }
      Window w =
          senders.computeIfAbsent(
              new Sender(stamp.nonceHigh(), stamp.nonceLow()), s -> new Window());
      w.lastSeen = nowMillis;
      return w.accept(stamp.counter()) ? null : "this member has already run it (a replay)";
    }
  }

  /** A sending process, by its nonce. */
  private record Sender(long high, long low) {}

  /** One sender's counters seen: the highest, and a bit per counter of the {@link Guard#SPAN}. */
  private static final class Window {
    final long[] seen = new long[Guard.SPAN / 64];
    long highest;
    long lastSeen;

    boolean accept(long c) {
      if (c <= 0) {
        return false;
      }
      if (c > highest) {
        if (c - highest >= Guard.SPAN) {
          java.util.Arrays.fill(seen, 0L);
        } else {
          for (long i = highest + 1; i < c; i++) {
            clear(i);
          }
        }
        highest = c;
        set(c);
        return true;
      }
      if (highest - c >= Guard.SPAN || isSet(c)) {
        return false;
      }
      set(c);
      return true;
    }

    private void set(long c) {
      int bit = (int) (c % Guard.SPAN);
      seen[bit >>> 6] |= 1L << bit;
    }

    private void clear(long c) {
      int bit = (int) (c % Guard.SPAN);
      seen[bit >>> 6] &= ~(1L << bit);
    }

    private boolean isSet(long c) {
      int bit = (int) (c % Guard.SPAN);
      return (seen[bit >>> 6] & (1L << bit)) != 0;
    }
  }
}
