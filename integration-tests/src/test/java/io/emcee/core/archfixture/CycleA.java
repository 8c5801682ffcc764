package io.emcee.core.archfixture;

/** Half of a package cycle with {@link io.emcee.core.archfixture.other.CycleB}. */
public class CycleA {
  /** Reaches into the other package. */
  public io.emcee.core.archfixture.other.CycleB other() {
    return new io.emcee.core.archfixture.other.CycleB();
  }
}
