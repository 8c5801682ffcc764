/**
 * A pool on a Hazelcast cluster: {@link io.emcee.pool.hazelcast.HazelcastPool}, registered as
 * {@code hazelcast}.
 *
 * <pre>{@code try (Pool pool = Pools.load("hazelcast")) { ... } }</pre>
 */
// Hazelcast ships as an automatic module; HazelcastPool hands out its instance, so users of the
// pool read Hazelcast too.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module io.emcee.pool.hazelcast {
  requires transitive io.emcee.api;
  requires transitive com.hazelcast.core;
  requires java.logging;
  // Hazelcast, an automatic module, reads only the modules the graph has: these two it needs at
  // start-up (sun.misc.Unsafe, javax.transaction.xa) come into the graph through this module, so a
  // program on the module path needs no --add-modules for them.
  requires jdk.unsupported;
  requires java.transaction.xa;
  requires static transitive org.jspecify;

  exports io.emcee.pool.hazelcast;

  provides io.emcee.api.spi.PoolProvider with
      io.emcee.pool.hazelcast.HazelcastPoolProvider;
}
