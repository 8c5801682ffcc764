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

  @Test
  void aForgedOrMissingAuthenticatorRunsNothing() {
    byte[] chunk = chunk();
    byte[] function = Shipping.serialize(new Noisy());
    byte[] forged = ClusterKey.of("a guess").sign(chunk, function, null);
    for (byte[] mac : new byte[][] {forged, null}) {
      ChunkResult result =
          ChunkResult.decode(cache.runSigned(chunk, function, null, mac, "member x"));
      assertEquals(ChunkResult.Status.ERROR, result.status());
      assertTrue(result.message().contains("EMCEE-P046"), result.message());
    }
    assertEquals(0, READ.get(), "nothing of a refused request was deserialized");
    assertEquals(1, log.size(), "one line for refused requests: " + log);
  }

  @Test
  void aSignedRequestRunsAndItsFunctionIsKeptForTheRun() {
    byte[] chunk = chunk();
    byte[] function = Shipping.serialize(new Noisy());
    ChunkResult result =
        ChunkResult.decode(
            cache.runSigned(chunk, function, null, key.sign(chunk, function, null), "member x"));
    assertEquals(ChunkResult.Status.OK, result.status());
    assertEquals(-2.0, result.outputs()[1]);
    assertEquals(1, READ.get());
    ChunkResult again =
        ChunkResult.decode(
            cache.runSigned(chunk, null, null, key.sign(chunk, null, null), "member x"));
    assertEquals(ChunkResult.Status.OK, again.status());
    assertFalse(again.outputs().length == 0);
  }
}
