package org.example.models;

import io.emcee.api.LogProbability;

/** A model in a package no allow-list includes by default. */
public class OutsideModel implements LogProbability {
  private static final long serialVersionUID = 1L;

  @Override
  public double logProbability(double[] coords) {
    return -coords[0] * coords[0];
  }
}
