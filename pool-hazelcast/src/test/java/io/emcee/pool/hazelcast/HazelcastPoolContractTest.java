package io.emcee.pool.hazelcast;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.Pool;
import io.emcee.api.PoolSettings;
import io.emcee.api.Pools;
import io.emcee.testkit.PoolContract;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/** The hazelcast pool passes the pool contract: a master and two worker members in this JVM. */
class HazelcastPoolContractTest extends PoolContract {
  private static final AtomicInteger NEXT_PORT = new AtomicInteger(5801);
  private @Nullable HazelcastPool lastWorker;

  private static PoolSettings settings(String role, int port, String members) {
    return PoolSettings.empty()
        .with(PoolSettings.POOL, "hazelcast")
        .with(PoolSettings.ROLE, role)
        .with(PoolSettings.CLUSTER_PORT, Integer.toString(port))
        .with(PoolSettings.CLUSTER_MEMBERS, members)
        .with(PoolSettings.CLUSTER_NAME, "emcee-contract-" + port);
  }

  @Override
  protected Pool master() {
    int base = NEXT_PORT.getAndAdd(3);
    String members = "127.0.0.1:" + base + ",127.0.0.1:" + (base + 1) + ",127.0.0.1:" + (base + 2);
    for (int i = 1; i <= 2; i++) {
      lastWorker = closeAfter((HazelcastPool) Pools.load(settings("worker", base + i, members)));
    }
    HazelcastPool master = (HazelcastPool) Pools.load(settings("master", base, members));
    assertTrue(master.awaitMembers(3, Duration.ofSeconds(60)), "the workers joined");
    return master;
  }

  @Override
  protected Pool masterAlone() {
    return Pools.load(
        PoolSettings.empty()
            .with(PoolSettings.POOL, "hazelcast")
            .with(PoolSettings.CLUSTER_PORT, Integer.toString(NEXT_PORT.getAndAdd(3))));
  }

  @Override
  protected @Nullable Pool worker() {
    int port = NEXT_PORT.getAndAdd(3);
    return Pools.load(settings("worker", port, "127.0.0.1:" + port));
  }

  @Override
  protected boolean shipsFunctions() {
    return true;
  }

  @Override
  protected boolean killOneWorker(Pool master) {
    HazelcastPool worker = lastWorker;
    if (worker == null) {
      return false;
    }
    worker.getInstance().getLifecycleService().terminate(); // no goodbye, as a crash
    return true;
  }
}
