/**
 * A pool on an Apache Ignite 2 cluster: {@link io.emcee.pool.ignite.IgnitePool}, registered as
 * {@code ignite}.
 *
 * <pre>{@code try (Pool pool = Pools.load("ignite")) { ... } }</pre>
 */
// Ignite 2 ships as a file-name automatic module; IgnitePool hands out its Ignite, so users of the
// pool read Ignite too.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module io.emcee.pool.ignite {
  requires transitive io.emcee.api;
  requires transitive ignite.core;
  requires java.logging;
  requires static transitive org.jspecify;

  exports io.emcee.pool.ignite;

  provides io.emcee.api.spi.PoolProvider with
      io.emcee.pool.ignite.IgnitePoolProvider;
}
