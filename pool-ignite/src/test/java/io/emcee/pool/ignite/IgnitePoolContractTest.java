package io.emcee.pool.ignite;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.Pool;
import io.emcee.api.PoolSettings;
import io.emcee.api.Pools;
import io.emcee.testkit.PoolContract;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.ignite.Ignition;
import org.jspecify.annotations.Nullable;

/** The ignite pool passes the pool contract: a master and two worker nodes in this JVM. */
class IgnitePoolContractTest extends PoolContract {
  private static final AtomicInteger NEXT_PORT = new AtomicInteger(47700);
  private @Nullable IgnitePool lastWorker;

  private static PoolSettings settings(String role, int port, String members) {
    return PoolSettings.empty()
        .with(PoolSettings.POOL, "ignite")
        .with(PoolSettings.ROLE, role)
        .with(PoolSettings.CLUSTER_PORT, Integer.toString(port))
        .with(PoolSettings.CLUSTER_MEMBERS, members)
        .with(PoolSettings.CLUSTER_NAME, "contract-" + port);
  }

  @Override
  protected Pool master() {
    int base = NEXT_PORT.getAndAdd(3);
    String members = "127.0.0.1:" + base + ",127.0.0.1:" + (base + 1) + ",127.0.0.1:" + (base + 2);
    for (int i = 1; i <= 2; i++) {
      lastWorker = closeAfter((IgnitePool) Pools.load(settings("worker", base + i, members)));
    }
    IgnitePool master = (IgnitePool) Pools.load(settings("master", base, members));
    assertTrue(master.awaitNodes(3, Duration.ofSeconds(90)), "the workers joined");
    return master;
  }

  @Override
  protected Pool masterAlone() {
    return Pools.load(
        PoolSettings.empty()
            .with(PoolSettings.POOL, "ignite")
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
    IgnitePool worker = lastWorker;
    if (worker == null) {
      return false;
    }
    Ignition.stop(worker.getIgnite().name(), true); // cancels its jobs, as a crash would
    return true;
  }
}
