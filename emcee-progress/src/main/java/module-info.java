/**
 * A progress bar for a run: {@link io.emcee.progress.ProgressListener} is a step listener that
 * draws steps, steps per second, the time left and the mean acceptance on a terminal.
 *
 * <pre>
 * {@code try (ProgressListener bar = ProgressListener.onTerminal(5000)) { sampler.run(e, 5000, bar); }}
 * </pre>
 */
module io.emcee.progress {
  requires transitive io.emcee.core;
  requires me.tongfei.progressbar;
  requires static transitive org.jspecify;

  exports io.emcee.progress;
}
