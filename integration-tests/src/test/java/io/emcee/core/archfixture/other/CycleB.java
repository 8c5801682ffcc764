package io.emcee.core.archfixture.other;

/** The other half of a package cycle with {@link io.emcee.core.archfixture.CycleA}. */
public class CycleB {
  /** Reaches back. */
  public io.emcee.core.archfixture.CycleA back() {
    return new io.emcee.core.archfixture.CycleA();
  }
}
