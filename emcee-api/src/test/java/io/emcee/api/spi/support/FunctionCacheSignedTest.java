package io.emcee.api.spi.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.LogProbability;
import io.emcee.api.PoolSettings;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A member checks a request's authenticator before it deserializes anything in it. */
class FunctionCacheSignedTest {
  static final AtomicInteger READ = new AtomicInteger();

  /** Counts every deserialization of itself: a refused request must leave the count alone. */
  static final class Noisy implements LogProbability {
    private static final long serialVersionUID = 1L;

    @Override
    public double logProbability(double[] x) {
      return -x[0];
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      in.defaultReadObject();
      READ.incrementAndGet();
    }
  }

  private final ClusterKey key = ClusterKey.of("the cluster's key");
  private final List<String> log = new ArrayList<>();
  private FunctionCache cache;

  @BeforeEach
  void setUp() {
    READ.set(0);
    cache = new FunctionCache();
    cache.setAllowList(Shipping.allowList(PoolSettings.empty()));
    cache.setKey(key);
    cache.setRunLog(log::add);
  }

  private static byte[] chunk() {
    return Chunk.encode(7L, new double[] {1, 2, 3}, 1, 0, 3, 1);
  }

  private final RequestStamp.Issuer stamps = new RequestStamp.Issuer();

  private ChunkResult send(byte[] chunk, byte[] function, byte[] stamp, byte[] mac) {
    return ChunkResult.decode(cache.runSigned(chunk, function, null, stamp, mac, "member x"));
  }

  @Test
  void aForgedOrMissingAuthenticatorRunsNothing() {
    byte[] chunk = chunk();
    byte[] function = Shipping.serialize(new Noisy());
    byte[] stamp = stamps.next();
    byte[] forged = ClusterKey.of("a guess").sign(stamp, chunk, function, null);
    for (byte[] mac : new byte[][] {forged, null}) {
      ChunkResult result = send(chunk, function, stamp, mac);
      assertEquals(ChunkResult.Status.ERROR, result.status());
      assertTrue(result.message().contains("EMCEE-P046"), result.message());
    }
    ChunkResult unstamped = send(chunk, function, null, key.sign(null, chunk, function, null));
    assertTrue(unstamped.message().contains("EMCEE-P046"), unstamped.message());
    assertEquals(0, READ.get(), "nothing of a refused request was deserialized");
    assertEquals(1, log.size(), "one line for refused requests: " + log);
  }

  @Test
  void aSignedRequestRunsAndItsFunctionIsKeptForTheRun() {
    byte[] chunk = chunk();
    byte[] function = Shipping.serialize(new Noisy());
    byte[] stamp = stamps.next();
    ChunkResult result = send(chunk, function, stamp, key.sign(stamp, chunk, function, null));
    assertEquals(ChunkResult.Status.OK, result.status());
    assertEquals(-2.0, result.outputs()[1]);
    assertEquals(1, READ.get());
    byte[] next = stamps.next();
    ChunkResult again = send(chunk, null, next, key.sign(next, chunk, null, null));
    assertEquals(ChunkResult.Status.OK, again.status());
    assertFalse(again.outputs().length == 0);
  }

  @Test
  void aReplayedRequestIsRefusedBeforeAnythingIsRead() {
    byte[] chunk = chunk();
    byte[] function = Shipping.serialize(new Noisy());
    byte[] stamp = stamps.next();
    byte[] mac = key.sign(stamp, chunk, function, null);
    assertEquals(ChunkResult.Status.OK, send(chunk, function, stamp, mac).status());
    assertEquals(1, READ.get());
    ChunkResult replayed = send(chunk, function, stamp, mac);
    assertEquals(ChunkResult.Status.ERROR, replayed.status());
    assertTrue(replayed.message().contains("EMCEE-P049"), replayed.message());
    assertTrue(replayed.message().contains("replay"), replayed.message());
    assertEquals(1, READ.get(), "the replayed request deserialized nothing");
    assertTrue(log.get(log.size() - 1).contains("not fresh"), log.toString());
  }

  @Test
  void requestsOvertakingEachOtherAreAcceptedOnceEach() {
    byte[] chunk = chunk();
    byte[][] stamp = new byte[5][];
    for (int i = 0; i < stamp.length; i++) {
      stamp[i] = stamps.next();
    }
    byte[] function = Shipping.serialize(new Noisy());
    for (int i : new int[] {2, 0, 4, 1, 3}) {
      byte[] f = i == 2 ? function : null;
      ChunkResult r = send(chunk, f, stamp[i], key.sign(stamp[i], chunk, f, null));
      assertEquals(ChunkResult.Status.OK, r.status(), r.message());
    }
    ChunkResult again = send(chunk, null, stamp[1], key.sign(stamp[1], chunk, null, null));
    assertTrue(again.message().contains("EMCEE-P049"), again.message());
  }

  @Test
  void aRequestWithAnOldClockIsRefused() {
    byte[] chunk = chunk();
    byte[] function = Shipping.serialize(new Noisy());
    byte[] old =
        new RequestStamp(
                RequestStamp.VERSION,
                1,
                2,
                1,
                System.currentTimeMillis() - RequestStamp.WINDOW_MILLIS - 60_000)
            .encode();
    ChunkResult r = send(chunk, function, old, key.sign(old, chunk, function, null));
    assertTrue(r.message().contains("EMCEE-P049"), r.message());
    assertTrue(r.message().contains("behind"), r.message());
    assertEquals(0, READ.get());
  }

  @Test
  void aRequestFromAnotherEmceeVersionIsRefusedNamingBothVersions() {
    byte[] chunk = chunk();
    byte[] function = Shipping.serialize(new Noisy());
    byte[] other = new RequestStamp("0.0.1-other", 1, 2, 1, System.currentTimeMillis()).encode();
    ChunkResult r = send(chunk, function, other, key.sign(other, chunk, function, null));
    assertEquals(ChunkResult.Status.ERROR, r.status());
    assertTrue(r.message().contains("EMCEE-P048"), r.message());
    assertTrue(r.message().contains("0.0.1-other"), r.message());
    assertTrue(r.message().contains(RequestStamp.VERSION), r.message());
    assertFalse(RequestStamp.VERSION.equals("development"), "the build wrote the version");
    assertEquals(0, READ.get());
  }

  @Test
  void aPlainServerWithoutAKeyRunsNothing() {
    FunctionCache plain = new FunctionCache();
    byte[] chunk = chunk();
    byte[] function = Shipping.serialize(new Noisy());
    byte[] stamp = stamps.next();
    String keyFile = System.getProperty(ClusterKey.KEY_FILE);
    System.setProperty(ClusterKey.KEY_FILE, "/nonexistent/emcee/cluster.key");
    try {
      ChunkResult r =
          ChunkResult.decode(
              plain.runSigned(
                  chunk, function, null, stamp, key.sign(stamp, chunk, function, null), "x"));
      assertTrue(r.message().contains("EMCEE-P046"), r.message());
      assertTrue(r.message().contains("no cluster key"), r.message());
    } finally {
      if (keyFile == null) {
        System.clearProperty(ClusterKey.KEY_FILE);
      } else {
        System.setProperty(ClusterKey.KEY_FILE, keyFile);
      }
    }
    assertEquals(0, READ.get());
  }
}
