/**
 * A pool on a Hazelcast cluster: {@link io.emcee.pool.hazelcast.HazelcastPool}, registered as
 * {@code hazelcast}.
 *
 * <pre>{@code try (Pool pool = Pools.load("hazelcast")) { ... } }</pre>
 */
module io.emcee.pool.hazelcast {
  requires transitive io.emcee.api;
  requires com.hazelcast.core;
  requires java.logging;
  requires static transitive org.jspecify;

  exports io.emcee.pool.hazelcast;

  provides io.emcee.api.spi.PoolProvider with
      io.emcee.pool.hazelcast.HazelcastPoolProvider;
}
