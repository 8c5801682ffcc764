/**
 * A pool on the threads of this JVM: {@link io.emcee.pool.local.InterruptiblePool}, registered as
 * {@code local}.
 *
 * <pre>{@code try (Pool pool = Pools.load("local")) { ... } }</pre>
 */
module io.emcee.pool.local {
  requires transitive io.emcee.api;
  requires jdk.unsupported;
  requires static transitive org.jspecify;

  exports io.emcee.pool.local;

  provides io.emcee.api.spi.PoolProvider with
      io.emcee.pool.local.LocalPoolProvider;
}
