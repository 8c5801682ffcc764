package io.emcee.progress;

import io.emcee.core.Ensemble;
import io.emcee.core.Sampler;
import io.emcee.core.random.RandomStream;

/** Runs a short chain with {@link ProgressListener#onTerminal}, for the pseudo-terminal test. */
public final class TerminalMain {
  private TerminalMain() {}

  public static void main(String[] args) {
    RandomStream r = new RandomStream(11);
    double[][] start = new double[8][2];
    for (double[] w : start) {
      w[0] = r.nextGaussian();
      w[1] = r.nextGaussian();
    }
    Ensemble ensemble = new Ensemble(x -> -0.5 * (x[0] * x[0] + x[1] * x[1]), start);
    try (ProgressListener bar = ProgressListener.onTerminal(500)) {
      new Sampler().run(ensemble, 500, bar);
    }
  }
}
