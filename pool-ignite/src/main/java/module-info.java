/**
 * A pool on an Apache Ignite 2 cluster: {@link io.emcee.pool.ignite.IgnitePool}, registered as
 * {@code ignite}.
 *
 * <pre>{@code try (Pool pool = Pools.load("ignite")) { ... } }</pre>
 */
module io.emcee.pool.ignite {
  requires transitive io.emcee.api;
  requires ignite.core;
  requires java.logging;
  requires static transitive org.jspecify;

  exports io.emcee.pool.ignite;

  provides io.emcee.api.spi.PoolProvider with
      io.emcee.pool.ignite.IgnitePoolProvider;
}
