/**
 * The {@code emcee} command: {@link io.emcee.cli.Main} runs the demo, emcee's line-fitting
 * tutorial, and inspects and exports chain files, on whichever pool is selected.
 *
 * <pre>{@code bin/emcee inspect run.chain --discard 500 --json}</pre>
 */
module io.emcee.cli {
  requires transitive io.emcee.core;
  requires io.emcee.examples;
  requires io.emcee.hdf5;
  requires io.emcee.plots;
  requires io.emcee.progress;
  requires info.picocli;
  requires java.logging;
  requires static transitive org.jspecify;

  exports io.emcee.cli;

  // picocli sets the annotated option fields of the commands reflectively.
  opens io.emcee.cli to
      info.picocli;
}
