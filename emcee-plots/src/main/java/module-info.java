/**
 * Plots of a chain, drawn with XChart: {@link io.emcee.plots.Plots} writes trace plots, corner
 * plots and the autocorrelation time against the chain length as PNG or SVG.
 *
 * <pre>{@code Plots.trace(sampler.getCoords(), List.of("x", "y"), Path.of("trace.png"));}</pre>
 */
// XChart ships as an automatic module.
@SuppressWarnings("requires-automatic")
module io.emcee.plots {
  requires transitive io.emcee.core;
  requires java.desktop;
  requires org.knowm.xchart;
  requires static transitive org.jspecify;

  exports io.emcee.plots;
}
