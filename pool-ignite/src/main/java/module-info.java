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
  // Ignite, an automatic module, reads only the modules the graph has: these two it needs at
  // start-up (java.sql, sun.misc.Unsafe) come into the graph through this module, so a program on
  // the module path needs no --add-modules for them.
  requires java.sql;
  requires jdk.unsupported;
  requires static transitive org.jspecify;

  exports io.emcee.pool.ignite;

  // Ignite's marshaller writes the jobs' private fields by reflection.
  opens io.emcee.pool.ignite to
      ignite.core;

  provides io.emcee.api.spi.PoolProvider with
      io.emcee.pool.ignite.IgnitePoolProvider;
}
