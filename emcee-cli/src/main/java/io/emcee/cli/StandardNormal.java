package io.emcee.cli;

import io.emcee.api.LogProbability;

/**
 * The log-density of the standard normal, up to a constant: the demo's model. A top-level class
 * that names no other class of the command, so that a standing worker receives this one class and
 * not the command line library behind the command that uses it.
 */
record StandardNormal() implements LogProbability {
  @Override
  public double logProbability(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v * v;
    }
    return -0.5 * s;
  }
}
