/**
 * The pool API of emcee for the JVM: {@link io.emcee.api.LogProbability}, {@link
 * io.emcee.api.Pool}, {@link io.emcee.api.Pools} and the {@link io.emcee.api.spi.PoolProvider} SPI
 * that backends implement.
 *
 * <pre>{@code try (Pool pool = Pools.load()) { ... } }</pre>
 */
module io.emcee.api {
  requires static transitive org.jspecify;

  exports io.emcee.api;
  exports io.emcee.api.spi;
  exports io.emcee.api.spi.support;

  uses io.emcee.api.spi.PoolProvider;
}
